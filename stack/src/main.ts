#!/usr/bin/env node
// Process entry point of `npm start`: the whole stack on this machine, without Docker. Reads the
// environment and the command line, owns signals, exit codes and the terminal.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  bindRefusal,
  DEV_ADAPTER_TOKEN,
  DEV_API_TOKEN,
  DEV_WEBHOOK_TOKEN,
  formatConfigIssues,
} from '@tracey/common';
import { formatBanner } from './banner.js';
import { loadStackConfig } from './config.js';
import { demoTriggerRules } from './demo/demo-trigger-rules.js';
import { withDevTokens } from './dev-defaults.js';
import { startLocalServices } from './local-services.js';
import { formatLogLine, type LogLineStyle } from './log-line-format.js';
import { planServices, serviceHosts, stackEndpoints, webhookPort } from './service-plan.js';
import { parseStackArgs, STACK_USAGE } from './stack-args.js';
import { Supervisor } from './supervisor.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const parsedArgs = parseStackArgs(process.argv.slice(2));
if (!parsedArgs.ok) {
  process.stderr.write(`tracey-stack: ${parsedArgs.message}\n${STACK_USAGE}\n`);
  process.exit(2);
}
if (parsedArgs.args.help) {
  process.stdout.write(`${STACK_USAGE}\n`);
  process.exit(0);
}
const result = loadStackConfig({ ...process.env, ...parsedArgs.args.env });
if (!result.ok) {
  process.stderr.write(`${formatConfigIssues('tracey-stack', result.issues)}\n`);
  process.exit(2);
}
const { config } = result;

// A non-loopback address with the README's tokens would open the stack to anyone who can reach
// it: refused here, before anything starts (each service refuses it too).
{
  const tokens = withDevTokens({ ...process.env, ...parsedArgs.args.env }).env;
  const hosts = serviceHosts(config);
  const refusals = [
    bindRefusal('tracey-api', hosts.api, [
      { variable: 'TRACEY_API_TOKEN', value: tokens['TRACEY_API_TOKEN'], devValue: DEV_API_TOKEN },
    ]),
    bindRefusal('tracey-jenkins-adapter', hosts.adapter, [
      {
        variable: 'TRACEY_ADAPTER_TOKEN',
        value: tokens['TRACEY_ADAPTER_TOKEN'],
        devValue: DEV_ADAPTER_TOKEN,
      },
    ]),
    bindRefusal('tracey-webhook-adapter', hosts.webhook, [
      {
        variable: 'TRACEY_WEBHOOK_TOKEN',
        value: tokens['TRACEY_WEBHOOK_TOKEN'],
        devValue: DEV_WEBHOOK_TOKEN,
      },
    ]),
  ].filter((refusal) => refusal !== undefined);
  if (refusals.length > 0) {
    process.stderr.write(`${refusals.map((refusal) => `tracey-stack: ${refusal}`).join('\n')}\n`);
    process.exit(2);
  }
}

const terminal = process.stdout.isTTY;
const plainServices = planServices(config, {});
const style: LogLineStyle = {
  format: parsedArgs.args.logFormat ?? (terminal ? 'pretty' : 'raw'),
  color: terminal && process.env['NO_COLOR'] === undefined,
  nameWidth: Math.max('services'.length, ...plainServices.map((service) => service.name.length)),
};
const alarm = (text: string) => (style.color ? `\u001b[1;31m${text}\u001b[0m` : text);
const print = (name: string, line: string) => {
  // The supervisor's own failures (✖) stand out: they say why the stack stops.
  const shown = name === 'stack' && line.startsWith('✖') ? alarm(line) : line;
  for (const out of formatLogLine(name, shown, style)) process.stdout.write(`${out}\n`);
};
const say = (line: string) => print('stack', line);

const missing = plainServices
  .map((service) => service.entry)
  .filter((entry) => !existsSync(`${root}${entry}`));
if (missing.length > 0) {
  process.stderr.write(
    `tracey-stack: not built (${missing.join(', ')}): run npm run build (npm start does it)\n`,
  );
  process.exit(1);
}

/** True when something already accepts connections on the port. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const ports: [string, number][] = [
  ['TRACEY_API_PORT', config.apiPort],
  ['TRACEY_ADAPTER_PORT', config.adapterPort],
  ['TRACEY_WEBHOOK_PORT', webhookPort(config)],
  ...Array.from({ length: config.workers }, (_, index): [string, number] => [
    'TRACEY_AGGREGATOR_PORT',
    config.aggregatorPort + index,
  ]),
];
for (const [variable, port] of ports) {
  if (await portTaken(port)) {
    process.stderr.write(
      `tracey-stack: port ${port} is in use (another Tracey stack?); stop it or set ${variable}\n`,
    );
    process.exit(1);
  }
}

let env: Record<string, string | undefined> = { ...process.env, ...parsedArgs.args.env };
if (config.services === 'local') {
  say('starting the local services (scripts/services.sh start)');
  try {
    const settings = await startLocalServices(root, env, (line) => print('services', line));
    env = { ...env, ...settings };
  } catch (error) {
    say(`✖ ${(error as Error).message}`);
    process.exit(1);
  }
}
const tokens = withDevTokens(env);
env = tokens.env;
for (const notice of tokens.notices) say(notice);

let defaultTriggerRules: string | undefined;
if (config.triggerRules === undefined) {
  const dir = `${root}.tracey/stack`;
  mkdirSync(dir, { recursive: true });
  defaultTriggerRules = `${dir}/demo-trigger-rules.json`;
  const jenkins = `http://127.0.0.1:${config.demoJenkinsPort}/`;
  writeFileSync(defaultTriggerRules, `${JSON.stringify(demoTriggerRules(jenkins), null, 2)}\n`);
  say(`TRACEY_TRIGGER_RULES is not set: the demo's rule (${defaultTriggerRules}), calling ${jenkins}`);
}

const supervisor = new Supervisor({
  root,
  services: planServices(config, env, defaultTriggerRules === undefined ? {} : { defaultTriggerRules }),
  onLine: (name, line) => print(name, line),
  stopMs: config.stopMs,
  readyTimeoutMs: 120_000,
});

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    signals += 1;
    // SIGINT is Ctrl-C, which the terminal sends to the services too.
    if (signals === 1) void supervisor.stop(signal, signal === 'SIGINT' ? { signalledMs: 1_500 } : {});
    else {
      say(`${signal} again: killing every service now`);
      supervisor.kill();
    }
  });
}

if (await supervisor.start()) {
  const endpoints = stackEndpoints(config, env);
  const triggerRules = config.triggerRules ?? defaultTriggerRules;
  const banner = formatBanner(endpoints, {
    workers: config.workers,
    color: style.color,
    ...(triggerRules === undefined ? {} : { triggerRules }),
  });
  for (const line of banner) process.stdout.write(`${line}\n`);
}
process.exitCode = await supervisor.finished;
if (supervisor.failures.length > 0)
  say(alarm(`✖ Tracey stopped with errors: ${supervisor.failures.join('; ')} (see the lines above)`));
else say('all services stopped');
