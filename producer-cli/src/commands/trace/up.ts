import { Args, Flags } from '@oclif/core';
import { traceReleasesAnswer, type TraceReleasesAnswer } from '@tracey/api/contract';
import { ReportCommand, traceBoundFlags } from '../../internal/report-command.js';
import { releasesTree } from '../../internal/report-tree.js';

export default class TraceUp extends ReportCommand {
  static override summary =
    'Trace up from a source change or work item: the compositions, artifacts, publications, confidence levels and deployments it reached.';
  static override description =
    'Asks the query API (TRACEY_API_URL) for GET /trace/<id>/releases. Prints a tree on a terminal, JSON otherwise.';
  static override examples = ['tracey trace up "$SCC"', 'tracey trace up "$ISSUE" --json'];
  static override args = {
    id: Args.string({
      description: 'id of a source change, work item (issue), artifact or composition event',
      required: true,
    }),
  };
  static override flags = {
    ...traceBoundFlags,
    until: Flags.string({
      description:
        'only releases up to this release event (by its time): which releases first contained the change',
    }),
  };

  async run(): Promise<TraceReleasesAnswer> {
    const { args, flags } = await this.parse(TraceUp);
    const report = await this.api.get(`trace/${encodeURIComponent(args.id)}/releases`, {
      schema: traceReleasesAnswer,
      query: { maxDepth: flags['max-depth'], limit: flags.limit, until: flags.until },
    });
    return this.present(report, releasesTree);
  }
}
