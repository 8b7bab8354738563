import { Flags } from '@oclif/core';
import { TraceyError } from '@tracey/common';
import { AmqpSubscription, bindingKeyIssue } from '@tracey/amqp';
import { parseWhereExpression, type EventCondition } from '@tracey/producer-core';
import { badInput, CLI_ERROR_CODES } from '../internal/cli-error.js';
import { EventListener } from '../internal/event-listener.js';
import { runShellCommand } from '../internal/run-shell-command.js';
import { TraceyCommand } from '../internal/tracey-command.js';

export default class Listen extends TraceyCommand {
  static override summary =
    'Run a command for each matching event on the broker: triggers for any build system.';
  static override description =
    'Binds a queue of its own to the exchange (TRACEY_EXCHANGE) and runs --exec through the shell for each event ' +
    'that passes every --where, with the event JSON on stdin and TRACEY_EVENT_ID, TRACEY_EVENT_TYPE and ' +
    'TRACEY_ROUTING_KEY in the environment. The event is acknowledged once the command exits 0; a failing command ' +
    'runs again after a growing delay, up to --max-attempts, then the event is reported and dropped. Without ' +
    '--queue the queue lives as long as the command (events published meanwhile are not seen); with --queue it is ' +
    'durable and keeps events while nobody listens. Ctrl-C stops; a running command gets SIGTERM and its event goes back to the queue.\n\n' +
    '--where takes path=value, path!=value, path~regex (RE2 syntax: no lookaround or backreferences) or path? (present); ' +
    'paths are dotted, with array indexes and * (e.g. links.*.type).';
  static override examples = [
    "tracey listen --bind 'eiffel.*.EiffelArtifactCreatedEvent.#' --where 'data.identity~^pkg:npm/' --exec ./test-package.sh",
    "tracey listen --bind 'eiffel.*.EiffelConfidenceLevelModifiedEvent.#' --where data.value=SUCCESS --queue deploy.staging --exec 'jq -r .links[0].target | xargs ./deploy.sh'",
    "tracey listen --bind 'eiffel.artifact.#' --count 1 --exec 'cat > next-artifact.json'",
  ];
  static override flags = {
    bind: Flags.string({
      description: 'binding key on the exchange, e.g. eiffel.*.EiffelArtifactCreatedEvent.# (repeatable)',
      multiple: true,
      required: true,
    }),
    where: Flags.string({
      description: 'condition on the event, all must hold (repeatable)',
      multiple: true,
    }),
    exec: Flags.string({ description: 'shell command to run for each matching event', required: true }),
    queue: Flags.string({ description: 'name of a durable queue to consume instead of a temporary one' }),
    'max-attempts': Flags.integer({
      description: 'runs of a failing command per event',
      default: 5,
      min: 1,
      max: 100,
    }),
    'retry-delay': Flags.integer({
      description: 'ms before the first retry of a failing command; doubles up to 60000',
      default: 1000,
      min: 10,
      max: 60_000,
    }),
    count: Flags.integer({ description: 'stop after the command succeeded this many times', min: 1 }),
  };

  async run(): Promise<{ succeeded: number }> {
    const { flags } = await this.parse(Listen);
    const reasons: string[] = [];
    for (const key of flags.bind) {
      const issue = bindingKeyIssue(key);
      if (issue !== undefined) reasons.push(`--bind ${key}: ${issue}`);
    }
    const conditions: EventCondition[] = [];
    for (const text of flags.where ?? []) {
      const parsed = parseWhereExpression(text);
      if (parsed.ok) conditions.push(parsed.condition);
      else reasons.push(`--where ${text}: ${parsed.reason}`);
    }
    if (reasons.length > 0) throw badInput('cannot listen', reasons);

    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const listener = new EventListener({
      conditions,
      run: (input, env, signal) => runShellCommand(flags.exec, input, env, this.env, signal),
      maxAttempts: flags['max-attempts'],
      retry: { initialDelayMs: flags['retry-delay'], maxDelayMs: 60_000 },
      report: (line) => this.warnLine(line),
      onSuccess: (count) => {
        if (flags.count !== undefined && count >= flags.count) finish();
      },
    });
    const subscription = new AmqpSubscription({
      url: this.settings.amqpUrl,
      exchange: this.settings.exchange,
      queue: flags.queue === undefined ? {} : { name: flags.queue },
      bindingKeys: flags.bind,
      prefetch: 1,
      connectionName: 'tracey-listen',
      connectAttempts: 3,
      handle: (delivery, signal) => listener.handle(delivery, signal),
      logger: this.logger.child({ component: 'listen' }),
    });
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    try {
      await subscription.start().catch((error: unknown) => {
        throw new TraceyError(
          CLI_ERROR_CODES.brokerUnreachable,
          `cannot consume from the broker: ${String(error)}`,
          {
            retryable: true,
            cause: error,
          },
        );
      });
      this.logToStderr(`tracey: listening on ${subscription.queueName ?? ''} for ${flags.bind.join(', ')}`);
      await finished;
    } finally {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      await subscription.stop();
    }
    this.logToStderr(`tracey: stopped after ${listener.successCount} successful runs`);
    return { succeeded: listener.successCount };
  }
}
