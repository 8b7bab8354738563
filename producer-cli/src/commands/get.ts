import { Args } from '@oclif/core';
import { storedEvent, type StoredEvent } from '../internal/event-lookup.js';
import { ReportCommand } from '../internal/report-command.js';

export default class Get extends ReportCommand {
  static override summary = 'Print a stored event as JSON.';
  static override description =
    'Asks the query API (TRACEY_API_URL) for GET /events/<id>: the event as it was received.';
  static override examples = ['tracey get "$ARTC"', 'tracey get "$ARTC" | jq -r .data.identity'];
  static override args = { id: Args.string({ description: 'id of the event (meta.id)', required: true }) };

  async run(): Promise<StoredEvent> {
    const { args } = await this.parse(Get);
    const event = await this.api.get(`events/${encodeURIComponent(args.id)}`, { schema: storedEvent });
    return this.present(event, (value) => JSON.stringify(value, null, 2).split('\n'));
  }
}
