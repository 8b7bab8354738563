import { Args, Flags } from '@oclif/core';
import { traceContentsAnswer, type TraceContentsAnswer } from '@tracey/api/contract';
import { ReportCommand, traceBoundFlags } from '../../internal/report-command.js';
import { contentsTree } from '../../internal/report-tree.js';

export default class TraceDown extends ReportCommand {
  static override summary =
    'Trace down from a release: its source changes, work items, artifacts and third-party components.';
  static override description =
    'Asks the query API (TRACEY_API_URL) for GET /trace/<id>/contents. Prints a tree on a terminal, JSON otherwise.';
  static override examples = [
    'tracey trace down "$CLM"',
    'tracey trace down "$ARTC" --json | jq -r ".sourceChanges[].commitId"',
    'tracey trace down "$CLM" --since previous   # the release notes: what is new since the previous release',
  ];
  static override args = {
    id: Args.string({
      description:
        'id of an artifact, composition, confidence level, publication, deployment or environment event',
      required: true,
    }),
  };
  static override flags = {
    ...traceBoundFlags,
    since: Flags.string({
      description:
        'only what is new since an earlier release: its event id, or "previous" (the previous version of the same artifact or composition, or the same-named confidence level on it)',
    }),
  };

  async run(): Promise<TraceContentsAnswer> {
    const { args, flags } = await this.parse(TraceDown);
    const report = await this.api.get(`trace/${encodeURIComponent(args.id)}/contents`, {
      schema: traceContentsAnswer,
      query: { maxDepth: flags['max-depth'], limit: flags.limit, since: flags.since },
    });
    return this.present(report, contentsTree);
  }
}
