import { Flags } from '@oclif/core';
import { z } from 'zod';
import { TraceyError } from '@tracey/common';
import { adapterClientFor } from '../../internal/api-client.js';
import { CLI_ERROR_CODES } from '../../internal/cli-error.js';
import { TraceyCommand } from '../../internal/tracey-command.js';

const replayAnswer = z.object({
  results: z.array(
    z.object({ rule: z.string(), eventId: z.string(), outcome: z.string(), reason: z.string() }),
  ),
  notTried: z.number().int().default(0),
});

/** The adapter's own default and maximum (`REPLAY_LIMITS` of its routes). */
const LIMIT = { default: 5, max: 50 };
/** Longest a replayed trigger may take in the adapter (graph check and action), with a margin. */
const PER_TRIGGER_MS = 60_000;

type ReplayAnswer = z.output<typeof replayAnswer>;

/** Outcomes that leave nothing to do; any other (parked again, rule missing, …) exits 1. */
const SETTLED = new Set(['fired', 'skipped-duplicate', 'not-matched']);

export default class TriggersReplay extends TraceyCommand {
  static override summary = 'Replay the parked triggers of the Jenkins adapter.';
  static override description =
    'Asks the adapter (TRACEY_ADAPTER_URL, with TRACEY_ADAPTER_TOKEN) to try each parked trigger once more: POST /triggers/failed/replay. A trigger fires at most once per (rule, event), however often it is replayed. Exit code 1 when some stay parked.';
  static override examples = [
    'tracey triggers replay',
    'tracey triggers replay --rule deploy-tests',
    'tracey triggers replay --event "$ID" --json',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    rule: Flags.string({ description: 'only the triggers of this rule' }),
    event: Flags.string({ description: 'only the triggers of this event id' }),
    limit: Flags.integer({
      description: 'at most this many, oldest first (the rest wait for another replay)',
      default: LIMIT.default,
      min: 1,
      max: LIMIT.max,
    }),
  };

  async run(): Promise<ReplayAnswer> {
    const { flags } = await this.parse(TriggersReplay);
    // The adapter tries them one after the other within the request: wait for all of them.
    const client = adapterClientFor(this.settings, { timeoutMs: flags.limit * PER_TRIGGER_MS });
    const answer = await client.post('triggers/failed/replay', {
      schema: replayAnswer,
      body: {
        ...(flags.rule === undefined ? {} : { rule: flags.rule }),
        ...(flags.event === undefined ? {} : { eventId: flags.event }),
        limit: flags.limit,
      },
    });
    if (!this.jsonEnabled()) {
      if (answer.results.length === 0) this.log('no parked triggers to replay');
      for (const result of answer.results) {
        this.log(`${result.outcome} ${result.rule} ${result.eventId}: ${result.reason}`);
      }
      if (answer.notTried > 0) this.log(`${answer.notTried} more not tried (--limit ${flags.limit})`);
    }
    const unsettled = answer.results.filter((result) => !SETTLED.has(result.outcome));
    if (unsettled.length > 0 || answer.notTried > 0) {
      throw new TraceyError(
        CLI_ERROR_CODES.triggersParked,
        `${unsettled.length + answer.notTried} of ${answer.results.length + answer.notTried} triggers stay parked`,
        { details: { results: answer.results, notTried: answer.notTried } },
      );
    }
    return answer;
  }
}
