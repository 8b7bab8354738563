import { eventPageAnswer } from '@tracey/api/contract';
import type { ApiClient } from './api-client.js';
import { badInput } from './cli-error.js';

// A stored event and one page of `GET /events` (the Event Repository's answer), read with the
// query API's own schemas.
export {
  eventPageAnswer as eventPage,
  storedEvent,
  type EventPageAnswer as EventPage,
  type StoredEiffelEvent,
  type StoredEvent,
} from '@tracey/api/contract';

/**
 * The query string of `GET /events` for filters in the Event Repository syntax: each filter,
 * or several joined by `&`, e.g. `meta.type=EiffelArtifactCreatedEvent&data.identity~^pkg:npm/`.
 * Each part is percent-encoded whole; the API reads the operator after decoding.
 */
export function filterQuery(filters: readonly string[]): string {
  return filters
    .flatMap((filter) => filter.split('&'))
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => encodeURIComponent(part))
    .join('&');
}

const LOOKUP_LINK = /^([A-Z_]+)=lookup:([\s\S]+)$/;

/** True for a link `TYPE=lookup:<filters>` (from `--link`, or a command's id flag given `lookup:...`). */
export function isLookupLink(text: string): boolean {
  return LOOKUP_LINK.test(text);
}

/**
 * Turns `TYPE=lookup:<filters>` into `TYPE=<id>` of the one event the filters find through
 * `GET /events` (what REMReM's `%lookup%` does); other links stay as they are.
 * @throws CLI_BAD_INPUT naming the link when no event or several match; the client's
 *   `CLI_API_*` errors when the API cannot answer.
 */
export async function resolveLookupLink(api: ApiClient, text: string): Promise<string> {
  const match = LOOKUP_LINK.exec(text);
  if (match === null) return text;
  const [, type = '', filters = ''] = match;
  const query = filterQuery([filters]);
  if (query === '') throw badInput(`link ${text}: the lookup names no filter`);
  const page = await api.get('events', { schema: eventPageAnswer, query: `${query}&pageSize=2` });
  const [first, second] = page.items;
  if (first === undefined) {
    throw badInput(`link ${text}: no stored event matches ${filters}`, [
      `check the filters with: tracey search '${filters}'`,
    ]);
  }
  if (second !== undefined) {
    throw badInput(
      `link ${text}: ${page.totalNumberItems} stored events match ${filters}; a lookup must find exactly one`,
      page.items.map((event) => `${event.meta.id} (${event.meta.type})`),
    );
  }
  return `${type}=${first.meta.id}`;
}
