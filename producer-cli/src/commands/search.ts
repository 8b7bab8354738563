import { Args, Flags } from '@oclif/core';
import { eventPage, filterQuery, type EventPage, type StoredEiffelEvent } from '../internal/event-lookup.js';
import { ReportCommand } from '../internal/report-command.js';

// What tells events of a type apart, for the line printed on a terminal.
function summary(event: StoredEiffelEvent): string {
  const data = event.data ?? {};
  const git = data['gitIdentifier'] as { commitId?: unknown } | undefined;
  const outcome = data['outcome'] as { conclusion?: unknown; verdict?: unknown } | undefined;
  const candidates = [data['identity'], data['name'], git?.commitId, outcome?.conclusion, outcome?.verdict];
  const value = data['value'];
  const text = candidates.filter((item) => typeof item === 'string').join(' ');
  return typeof value === 'string' ? `${text} ${value}`.trim() : text;
}

function line(event: StoredEiffelEvent): string {
  const { time, type, id } = event.meta;
  const when = typeof time === 'number' ? new Date(time).toISOString() : time;
  return [when, type, id, summary(event)].filter((part) => part !== '').join('  ');
}

export default class Search extends ReportCommand {
  static override summary = 'Find stored events with Event Repository filters, newest first.';
  static override description =
    'Asks the query API (TRACEY_API_URL) for GET /events?<filters>. A filter is field<op>value with op one of ' +
    '= != > < >= <= ~ (regular expression, partial match); a bare field must exist, !field must not; ' +
    'int(field) and double(field) compare as numbers. Fields start with meta., data. or links. Filters in ' +
    'one argument can be joined with &. Prints one event per line: a summary on a terminal, the JSON ' +
    'elsewhere (NDJSON); --json prints the page {pageNo, pageSize, totalNumberItems, items}.';
  static override examples = [
    'tracey search meta.type=EiffelArtifactCreatedEvent "data.identity~^pkg:npm/"',
    'tracey search meta.type=EiffelConfidenceLevelModifiedEvent data.value=SUCCESS "meta.time>=2026-11-01T00:00:00Z"',
    'tracey search "meta.type=EiffelSourceChangeSubmittedEvent&data.gitIdentifier.commitId=c0ffee" --json',
  ];
  static override strict = false;
  static override args = {
    filters: Args.string({
      description: 'filters, e.g. meta.type=EiffelArtifactCreatedEvent',
      required: true,
    }),
  };
  static override flags = {
    'page-no': Flags.integer({ description: 'page to print, from 1', min: 1, default: 1 }),
    'page-size': Flags.integer({ description: 'events per page (the API caps it)', min: 1, default: 100 }),
  };

  async run(): Promise<EventPage> {
    const { argv, flags } = await this.parse(Search);
    const filters = filterQuery(argv.map(String));
    const paging = `pageNo=${flags['page-no']}&pageSize=${flags['page-size']}`;
    const page = await this.api.get('events', {
      schema: eventPage,
      query: filters === '' ? paging : `${filters}&${paging}`,
    });
    if (this.jsonEnabled()) return page;
    const terminal = process.stdout.isTTY === true;
    for (const event of page.items) this.log(terminal ? line(event) : JSON.stringify(event));
    const first = (page.pageNo - 1) * page.pageSize;
    if (page.totalNumberItems > first + page.items.length || page.pageNo > 1) {
      this.logToStderr(
        `tracey: events ${page.items.length === 0 ? 0 : first + 1}-${first + page.items.length} of ${page.totalNumberItems}` +
          (page.totalNumberItems > first + page.items.length
            ? `; --page-no ${page.pageNo + 1} for more`
            : ''),
      );
    }
    return page;
  }
}
