import {
  AmqpOutput,
  createDefaultRegistry,
  delivered,
  FileSpool,
  NdjsonOutput,
  SpoolingOutput,
  type Output,
  type ProducerLogger,
} from '@tracey/producer-core';
import type { CliConfig } from '../config.js';
import { badInput } from './cli-error.js';

/** Where a command sends events, from its flags. */
export interface OutputChoice {
  /** `amqp`, `stdout`, `file`, or an output type a `--plugin` provides. */
  readonly output: string;
  readonly outputFile?: string;
  readonly plugins: readonly string[];
  /** Validate only; send nothing. */
  readonly dryRun: boolean;
}

/**
 * The broker output of the CLI: confirms, a short reconnect budget, and the spool behind it. A
 * refusal for good (e.g. access refused) is spooled too: the event waits until the configuration
 * is fixed instead of being lost, and the warning names the reason.
 */
export function spoolingAmqpOutput(settings: CliConfig, logger: ProducerLogger): SpoolingOutput {
  const amqp = new AmqpOutput({
    logger,
    url: settings.amqpUrl,
    exchange: settings.exchange,
    confirmTimeoutMs: settings.confirmTimeoutMs,
    connectTimeoutMs: 3000,
    // A build step should not wait long for a broker that is down: the spool keeps the events.
    reconnect: { attempts: 2, initialDelayMs: 200 },
  });
  return new SpoolingOutput(amqp, new FileSpool(settings.spoolDir), { spoolFailures: true });
}

/** Opens the output a command's flags ask for. */
export async function openOutput(
  settings: CliConfig,
  choice: OutputChoice,
  logger: ProducerLogger,
): Promise<Output> {
  if (choice.dryRun) return discardOutput;
  switch (choice.output) {
    case 'amqp':
      return spoolingAmqpOutput(settings, logger);
    case 'stdout':
      return new NdjsonOutput({ stream: process.stdout });
    case 'file':
      if (choice.outputFile === undefined) throw badInput('--output file needs --output-file PATH');
      return new NdjsonOutput({ path: choice.outputFile });
    default: {
      const registry = createDefaultRegistry();
      for (const plugin of choice.plugins) await registry.loadPlugin(plugin);
      return registry.createOutput({ type: choice.output }, { logger });
    }
  }
}

/** Takes everything and keeps nothing: `--dry-run`. */
const discardOutput: Output = {
  name: 'dry-run',
  publish: () => Promise.resolve(delivered()),
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
