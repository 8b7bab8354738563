import { Flags } from '@oclif/core';
import { doraAnswer, type DoraAnswer } from '@tracey/api/contract';
import { doraTable } from '../internal/dora-table.js';
import { ReportCommand } from '../internal/report-command.js';

export default class Dora extends ReportCommand {
  static override summary = 'The DORA keys of a service, environment or team, from the graph.';
  static override description =
    'Asks the query API (TRACEY_API_URL) for GET /dora: deployment frequency, lead time for changes, change failure rate, recovery time and rework rate, each with its DORA 2023 tier. Prints a table on a terminal, JSON otherwise (docs/dora.md).';
  static override examples = [
    'tracey dora',
    'tracey dora --service checkout --since 2026-10-01 --group-by week',
    'tracey dora --team payments --json | jq .keys.leadTime.medianMs',
  ];
  static override flags = {
    service: Flags.string({
      description: 'only this service (CDEvents subject id, or an artifact purl without version)',
    }),
    environment: Flags.string({
      description: 'only this environment (default: the production environments)',
    }),
    team: Flags.string({ description: "only the services of this team of the API's DORA config" }),
    since: Flags.string({ description: 'start of the window, ISO 8601 (default: 90 days before --until)' }),
    until: Flags.string({ description: 'end of the window, ISO 8601, excluded (default: now)' }),
    'group-by': Flags.string({
      description: 'also the keys per period',
      options: ['day', 'week', 'month', 'year'],
    }),
  };

  async run(): Promise<DoraAnswer> {
    const { flags } = await this.parse(Dora);
    const answer = await this.api.get('dora', {
      schema: doraAnswer,
      query: {
        service: flags.service,
        environment: flags.environment,
        team: flags.team,
        since: flags.since,
        until: flags.until,
        groupBy: flags['group-by'],
      },
    });
    return this.present(answer, doraTable);
  }
}
