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
});

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
  };

  async run(): Promise<ReplayAnswer> {
    const { flags } = await this.parse(TriggersReplay);
    const answer = await adapterClientFor(this.settings).post('triggers/failed/replay', {
      schema: replayAnswer,
      body: {
        ...(flags.rule === undefined ? {} : { rule: flags.rule }),
        ...(flags.event === undefined ? {} : { eventId: flags.event }),
      },
    });
    if (!this.jsonEnabled()) {
      if (answer.results.length === 0) this.log('no parked triggers to replay');
      for (const result of answer.results) {
        this.log(`${result.outcome} ${result.rule} ${result.eventId}: ${result.reason}`);
      }
    }
    const unsettled = answer.results.filter((result) => !SETTLED.has(result.outcome));
    if (unsettled.length > 0) {
      throw new TraceyError(
        CLI_ERROR_CODES.triggersParked,
        `${unsettled.length} of ${answer.results.length} triggers stay parked`,
        { details: { results: answer.results } },
      );
    }
    return answer;
  }
}
