import { Args, Flags } from '@oclif/core';
import { badInput } from '../internal/cli-error.js';
import {
  leadTimeAnswer,
  leadTimeStatsAnswer,
  type LeadTimeAnswer,
  type LeadTimeStatsAnswer,
} from '@tracey/api/contract';
import { ReportCommand } from '../internal/report-command.js';
import { leadTimeLines, leadTimeStatsLines } from '../internal/report-tree.js';

export default class LeadTime extends ReportCommand {
  static override summary = 'Lead time between two events, or its statistics between two kinds of events.';
  static override description =
    'With two event ids: the time from the first to the second (which must be downstream of it) and the chain of links ' +
    '(GET /lead-time). With --from-type and --to-type: for each "to" event, the time since the earliest "from" event ' +
    'upstream of it; count, min, p50, p90, p99, max and mean (GET /lead-time/stats). A type may be short ' +
    '(SourceChangeCreated) and carry filters on its indexed properties: ConfidenceLevelModified,name=release,value=SUCCESS.';
  static override examples = [
    'tracey lead-time "$SCC" "$CLM"',
    'tracey lead-time --from-type SourceChangeCreated --to-type ConfidenceLevelModified,name=release,value=SUCCESS',
    'tracey lead-time --from-type SourceChangeSubmitted --to-type ArtifactPublished --since 2026-11-01 --group-by week',
  ];
  static override args = {
    from: Args.string({ description: 'id of the earlier (upstream) event' }),
    to: Args.string({ description: 'id of the later (downstream) event' }),
  };
  static override flags = {
    'from-type': Flags.string({ description: 'kind of the upstream events: <type>[,<property>=<value>]...' }),
    'to-type': Flags.string({ description: 'kind of the downstream events: <type>[,<property>=<value>]...' }),
    since: Flags.string({
      description: 'only "to" events at or after this time (ISO 8601 or ms since the epoch)',
    }),
    until: Flags.string({
      description: 'only "to" events before this time (ISO 8601 or ms since the epoch)',
    }),
    'group-by': Flags.string({ description: 'also give the statistics per ISO week', options: ['week'] }),
  };

  async run(): Promise<LeadTimeAnswer | LeadTimeStatsAnswer> {
    const { args, flags } = await this.parse(LeadTime);
    const fromType = flags['from-type'];
    const toType = flags['to-type'];
    const byType = fromType !== undefined || toType !== undefined;
    const byId = args.from !== undefined || args.to !== undefined;
    if (byType === byId || (byId && (args.from === undefined || args.to === undefined))) {
      throw badInput('give two event ids, or --from-type and --to-type', [
        'tracey lead-time <from-id> <to-id>',
        'tracey lead-time --from-type <type> --to-type <type> [--since] [--until] [--group-by week]',
      ]);
    }
    if (byId) {
      const windowFlags = (['since', 'until', 'group-by'] as const).filter(
        (flag) => flags[flag] !== undefined,
      );
      if (windowFlags.length > 0) {
        throw badInput(`--${windowFlags.join(', --')} only go with --from-type and --to-type`);
      }
      const answer = await this.api.get('lead-time', {
        schema: leadTimeAnswer,
        query: { from: args.from, to: args.to },
      });
      return this.present(answer, leadTimeLines);
    }
    if (fromType === undefined || toType === undefined) {
      throw badInput(`--${fromType === undefined ? 'from-type' : 'to-type'} is missing`);
    }
    const stats = await this.api.get('lead-time/stats', {
      schema: leadTimeStatsAnswer,
      query: {
        from: fromType,
        to: toType,
        since: flags.since,
        until: flags.until,
        groupBy: flags['group-by'],
      },
    });
    return this.present(stats, leadTimeStatsLines);
  }
}
