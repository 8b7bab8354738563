import {
  EIFFEL_EVENT_TYPES,
  eiffelEvent,
  isEiffelEventType,
  type EiffelEvent,
  type EiffelEventOptions,
  type EiffelEventType,
  type ValidationIssue,
} from '@tracey/schemas';
import { parseAssignment, setPath } from './internal/set-path.js';

/** An event as a command line describes it. */
export interface EiffelArgs {
  /** `EiffelArtifactCreatedEvent`, or the short `ArtifactCreated`. */
  readonly type: string;
  /** `data` as a JSON object; `--set` assignments go on top of it. */
  readonly data?: unknown;
  /** `data.path=value` assignments (value as JSON when it is JSON, else text). */
  readonly sets?: readonly string[];
  /** `TYPE=ID` links, e.g. `CAUSE=aaaaaaaa-…`; `TYPE=ID@domain` for another domain. */
  readonly links?: readonly string[];
  readonly domainId?: string;
  /** `meta.tags`. */
  readonly tags?: readonly string[];
  /** More `meta.source` fields, e.g. from the CI environment. */
  readonly source?: Readonly<Record<string, string>>;
  readonly id?: string;
  readonly time?: number;
}

export type ArgsEventResult =
  | { readonly ok: true; readonly event: EiffelEvent }
  | { readonly ok: false; readonly issues: readonly Pick<ValidationIssue, 'path' | 'message'>[] };

/** The full type name of `name`: `ArtifactCreated` → `EiffelArtifactCreatedEvent`; else undefined. */
export function resolveEiffelType(name: string): EiffelEventType | undefined {
  const full = `${name.startsWith('Eiffel') ? '' : 'Eiffel'}${name}${name.endsWith('Event') ? '' : 'Event'}`;
  return isEiffelEventType(name) ? name : isEiffelEventType(full) ? full : undefined;
}

/**
 * Builds and validates the Eiffel event a command line describes (latest version of its type,
 * a new id unless given). Never throws on bad arguments: every problem is an issue naming the
 * argument or field.
 */
export function eiffelEventFromArgs(args: EiffelArgs): ArgsEventResult {
  const issues: Pick<ValidationIssue, 'path' | 'message'>[] = [];
  const type = resolveEiffelType(args.type);
  if (type === undefined) {
    issues.push({
      path: 'type',
      message: `unknown Eiffel event type "${args.type}"; one of ${EIFFEL_EVENT_TYPES.join(', ')}`,
    });
  }
  const data = structuredClone(args.data ?? {}) as unknown;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    issues.push({ path: 'data', message: 'must be a JSON object' });
  }
  for (const text of args.sets ?? []) {
    const assignment = parseAssignment(text);
    if (assignment === undefined || assignment.path[0] !== 'data' || assignment.path.length < 2) {
      issues.push({ path: `--set ${text}`, message: 'must be data.<path>=<value>, e.g. data.name=build' });
    } else if (typeof data === 'object' && data !== null) {
      setPath({ data }, assignment.path, assignment.value);
    }
  }
  const links = (args.links ?? []).map((text) => {
    const match = /^([A-Z_]+)=([^@\s]+)(?:@(\S+))?$/.exec(text);
    if (match === null)
      issues.push({ path: `--link ${text}`, message: 'must be TYPE=ID, e.g. CAUSE=<event id>' });
    return match;
  });
  if (type === undefined || issues.length > 0) return { ok: false, issues };

  const source = { ...args.source, ...(args.domainId === undefined ? {} : { domainId: args.domainId }) };
  const options: EiffelEventOptions = {
    source,
    ...(args.id === undefined ? {} : { id: args.id }),
    ...(args.time === undefined ? {} : { time: args.time }),
    ...(args.tags === undefined || args.tags.length === 0 ? {} : { tags: args.tags }),
  };
  // The type is only known at run time here, so the typed builder's generics are set aside; the
  // result is validated like any received event.
  const builder = eiffelEvent(type, data as never, options);
  for (const match of links) {
    if (match?.[1] !== undefined && match[2] !== undefined)
      builder.link(match[1] as never, match[2], match[3]);
  }
  const result = builder.tryBuild();
  return result.ok ? { ok: true, event: result.event } : { ok: false, issues: result.errors };
}
