import type { CloudEventInput, MappingResult } from '../cloud-event-mapper.js';
import { refuse } from '../cloud-event-mapper.js';
import { cloudEventDataObject, isJsonObject } from '../internal/cloud-event-data.js';
import { withTime, NO_TIME_REASON } from '../internal/mapped-cd-event.js';
import { forgeCdEvent, type ForgeEvent, type Json } from '../internal/webhook-payload.js';

// What the DORA REST intakes (em-metrics, Apache DevLake, DevOpstic) share: reading a JSON body
// whose fields are named as those tools name them, refusing it with the field at fault, and
// making CDEvents whose ids come from the sender's own ids, so a call sent twice adds nothing.

export const CD = 'dev.cdevents';

class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** Epoch numbers below this are seconds, above it milliseconds (2001-09-09 in milliseconds). */
const EPOCH_MS_FROM = 1e12;

/** A JSON body read field by field; a missing or malformed field throws, named. */
export class RestBody {
  constructor(
    readonly data: Json,
    /** The CloudEvent's time: when Tracey received the call, the default of the times it omits. */
    readonly receivedAt: string,
  ) {}

  optional(name: string): string | undefined {
    const value = this.data[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') throw new FieldError(name, 'must be a string');
    return value;
  }

  text(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw new FieldError(name, 'is required');
    return value;
  }

  /** A date-time (RFC 3339, or epoch seconds or milliseconds) as UTC RFC 3339. */
  optionalTime(name: string): string | undefined {
    const value = this.data[name];
    if (value === undefined || value === null || value === '') return undefined;
    const date =
      typeof value === 'number'
        ? new Date(value < EPOCH_MS_FROM ? value * 1000 : value)
        : typeof value === 'string'
          ? new Date(value)
          : undefined;
    if (date === undefined || Number.isNaN(date.getTime()))
      throw new FieldError(
        name,
        'must be a date-time (RFC 3339, e.g. 2026-01-01T12:00:00Z, or epoch seconds)',
      );
    return date.toISOString();
  }

  time(name: string): string {
    const value = this.optionalTime(name);
    if (value === undefined) throw new FieldError(name, 'is required');
    return value;
  }

  /** An array of objects, each read as a body of its own; `[]` when absent. */
  objects(name: string): RestBody[] {
    const value = this.data[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new FieldError(name, 'must be an array');
    return value.map((item, index) => {
      if (!isJsonObject(item)) throw new FieldError(`${name}.${index}`, 'must be an object');
      return new RestBody(item, this.receivedAt);
    });
  }

  /** Reads `item` of the array `name` with field errors named `name.index.field`. */
  static within<T>(name: string, index: number, read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof FieldError) throw new FieldError(`${name}.${index}.${error.field}`, error.reason);
      throw error;
    }
  }
}

/** A refusal of a body, thrown from a reader and turned into a `MappingResult` by {@link restResult}. */
export function fieldError(field: string, reason: string): Error {
  return new FieldError(field, reason);
}

/**
 * Runs a REST mapper over a CloudEvent: its data read as a {@link RestBody}, the events it decides
 * made into CDEvents of `source`; a missing or malformed field refuses the event naming it.
 */
export function restResult(
  mapper: string,
  event: CloudEventInput,
  source: string,
  decide: (body: RestBody) => readonly ForgeEvent[] | string,
): MappingResult {
  const data = cloudEventDataObject(event);
  if (data === undefined) return refuse('data', `a ${mapper} call carries a JSON object`);
  const timed = withTime(event);
  if (timed === undefined) return refuse('time', NO_TIME_REASON);
  try {
    const decided = decide(new RestBody(data, timed.time));
    if (typeof decided === 'string') return { ok: true, mapper, events: [], note: decided };
    return { ok: true, mapper, events: decided.map((item) => forgeCdEvent(source, item)) };
  } catch (error) {
    if (error instanceof FieldError) return refuse(`data.${error.field}`, error.reason);
    throw error;
  }
}

/** A repository named by URL: `https://github.com/acme/shop.git/`, `git@github.com:acme/shop`. */
export interface Repository {
  /** `acme/shop`: what GitHub calls the full name, the service a deployment of it is of. */
  readonly path: string;
  /** `https://github.com/acme/shop`. */
  readonly url: string;
  readonly host: string;
}

const SCP_LIKE = /^[\w.-]+@([\w.-]+):(.+)$/;

/** The repository a URL names, or `undefined` when it names none. */
export function repositoryOf(url: string): Repository | undefined {
  const scp = SCP_LIKE.exec(url);
  let host: string;
  let pathname: string;
  if (scp !== null) {
    host = scp[1] ?? '';
    pathname = scp[2] ?? '';
  } else {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    host = parsed.hostname;
    pathname = parsed.pathname;
  }
  const path = pathname
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .toLowerCase();
  if (host === '' || path === '') return undefined;
  return { path, url: `https://${host.toLowerCase()}/${path}`, host: host.toLowerCase() };
}

/** The purl of a repository at a commit: `pkg:github/acme/shop@<sha>`, `pkg:generic/shop@<sha>?vcs_url=…`. */
export function commitPurl(repository: Repository, commit: string): string {
  if (repository.host === 'github.com') return `pkg:github/${repository.path}@${commit}`;
  if (repository.host === 'gitlab.com') return `pkg:gitlab/${repository.path}@${commit}`;
  const name = repository.path.split('/').at(-1) ?? repository.path;
  return `pkg:generic/${encodeURIComponent(name)}@${commit}?vcs_url=${encodeURIComponent(`git+${repository.url}`)}`;
}

/** An embedded CDEvents `RELATION` link to the event of `contextId`. */
export const relationTo = (contextId: string, linkKind: string): Json => ({
  linkType: 'RELATION',
  linkKind,
  target: { contextId },
});

/** `root cause: <sha>` in an incident's text: the commit that caused it (docs/dora.md). */
export function rootCauseIn(text: string | undefined): string | undefined {
  return /\broot[ -]cause:\s*([0-9a-f]{7,64})\b/i.exec(text ?? '')?.[1]?.toLowerCase();
}
