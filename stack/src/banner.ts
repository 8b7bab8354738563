import type { StackEndpoints } from './service-plan.js';

export interface BannerOptions {
  readonly workers: number;
  /** The trigger rules file the adapter runs with, if any. */
  readonly triggerRules?: string;
  readonly color: boolean;
}

/** The "ready" banner: what runs where, and what to do next. */
export function formatBanner(endpoints: StackEndpoints, options: BannerOptions): string[] {
  const bold = (text: string) => (options.color ? `\u001b[1;32m${text}\u001b[0m` : text);
  const rows: [string, string][] = [
    ['web UI', endpoints.ui],
    ['query API', endpoints.api],
    ['Swagger UI', endpoints.docs],
    ['Jenkins adapter', `${endpoints.adapter}  (POST /jenkins/notification, POST /events)`],
    ['webhook adapter', `${endpoints.webhook}  (POST /cloudevents)`],
    [`aggregator${options.workers === 1 ? '' : `s (${options.workers})`}`, endpoints.aggregators.join('  ')],
  ];
  if (endpoints.neo4jBrowser !== undefined)
    rows.push(['Neo4j Browser', `${endpoints.neo4jBrowser}  (user neo4j)`]);
  if (endpoints.rabbitManagement !== undefined)
    rows.push(['RabbitMQ management', endpoints.rabbitManagement]);
  if (options.triggerRules !== undefined) rows.push(['trigger rules', options.triggerRules]);
  const addresses = endpoints.listening.map(([, address]) => address);
  const local = addresses.every((address) => /^(127\.|\[::1\]|localhost:)/.test(address));
  rows.push([
    'listening on',
    `${endpoints.listening.map(([name, address]) => `${name} ${address}`).join(', ')}  (${
      local ? 'this machine only; TRACEY_BIND to change' : 'reachable from other machines'
    })`,
  ]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const rule = '─'.repeat(72);
  return [
    rule,
    bold(
      `Tracey is ready — ${options.workers} aggregator worker${options.workers === 1 ? '' : 's'}, query API, Jenkins adapter, webhook adapter`,
    ),
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    '  Next: npm run demo (in another terminal, same environment).  Stop: Ctrl-C.',
    rule,
  ];
}
