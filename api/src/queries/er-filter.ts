import { compileLinearRegex, type LinearRegex } from '@tracey/common';
import { apiError } from '../api-error.js';

/**
 * Operators of the Event Repository filter syntax: comparisons, `~` (regular expression, partial
 * match), and `exists` / `missing` for a bare `field` / `!field`.
 */
export type FilterOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~' | 'exists' | 'missing';

/** One condition of `GET /events`, e.g. `data.identity~^pkg:npm/` or `int(data.size)>=10`. */
export interface FilterCondition {
  /** The field as written, e.g. `meta.source.name`. */
  readonly field: string;
  readonly path: readonly string[];
  readonly op: FilterOperator;
  /** The value as text; empty for `exists` / `missing`. */
  readonly value: string;
  /** `int(...)` / `double(...)`: compare as a number. */
  readonly cast?: 'int' | 'double';
  /** For `~`: the value compiled for RE2, which matches in time linear in the text. */
  readonly regex?: LinearRegex;
}

/** The raw query split into filter conditions and the other (paging) parameters. */
export interface ErQuery {
  readonly conditions: readonly FilterCondition[];
  /** Parameters that are not filters (`pageNo`, `readable`, ...), last one wins. */
  readonly options: Readonly<Record<string, string>>;
}

/** Most conditions in one query. */
export const MAX_CONDITIONS = 20;
const MAX_FIELD_LENGTH = 200;

// field, optionally cast: `int(data.x)`; then an operator and the value, or nothing (exists).
const CONDITION =
  /^(?<not>!)?(?:(?<cast>int|double)\((?<castField>[^()<>=!~]+)\)|(?<field>[^()<>=!~]+))(?:(?<op>!=|>=|<=|~=|=|>|<|~)(?<value>[\s\S]*))?$/;
const FIELD = /^(meta|data|links)(\.[A-Za-z0-9_$-]+)+$/;

function bad(parameter: string, reason: string): Error {
  return apiError('API_BAD_REQUEST', `invalid query parameter ${parameter}: ${reason}`, {
    parameter,
    reason,
  });
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw bad(part, 'malformed percent-encoding');
  }
}

/**
 * Parses the raw query string of `GET /events` (fastify's parser would split `a>=b` at the `=`):
 * `&`-separated parts, each a condition `field<op>value`, `field` (exists) or `!field`
 * (missing), unless its name is one of `optionNames`.
 * @throws API_BAD_REQUEST naming the parameter: a field outside `meta.`, `data.`, `links.`, a
 *   malformed part, a regular expression RE2 cannot run (lookaround, backreferences), too
 *   many conditions.
 */
export function parseErQuery(rawQuery: string, optionNames: ReadonlySet<string>): ErQuery {
  const conditions: FilterCondition[] = [];
  const options: Record<string, string> = {};
  for (const rawPart of rawQuery.split('&')) {
    if (rawPart === '') continue;
    const part = decode(rawPart);
    const match = CONDITION.exec(part);
    const groups = match?.groups;
    const name = (groups?.['field'] ?? groups?.['castField'] ?? part).trim();
    if (optionNames.has(name)) {
      if (groups?.['op'] !== '=' || groups['cast'] !== undefined || groups['not'] !== undefined) {
        throw bad(name, `write ${name}=<value>`);
      }
      options[name] = groups['value'] ?? '';
      continue;
    }
    if (groups === undefined) throw bad(part, 'expected field<op>value with op one of = != > < >= <= ~');
    conditions.push(condition(part, name, groups));
    if (conditions.length > MAX_CONDITIONS) throw bad(part, `at most ${MAX_CONDITIONS} filters`);
  }
  return { conditions, options };
}

function condition(part: string, field: string, groups: Record<string, string | undefined>): FilterCondition {
  if (field.length > MAX_FIELD_LENGTH || !FIELD.test(field)) {
    throw bad(
      field,
      'not a filter: filters name a field under meta., data. or links. (e.g. meta.type=EiffelArtifactCreatedEvent)',
    );
  }
  const path = field.split('.');
  const cast = groups['cast'] as 'int' | 'double' | undefined;
  const rawOp = groups['op'];
  if (groups['not'] !== undefined) {
    if (rawOp !== undefined || cast !== undefined) throw bad(part, '!field takes no operator or cast');
    return { field, path, op: 'missing', value: '' };
  }
  if (rawOp === undefined) {
    if (cast !== undefined) throw bad(part, `${cast}(${field}) needs an operator and a value`);
    return { field, path, op: 'exists', value: '' };
  }
  const op: FilterOperator = rawOp === '~=' ? '~' : (rawOp as FilterOperator);
  const value = groups['value'] ?? '';
  if (cast !== undefined) {
    if (op === '~') throw bad(field, `${cast}(...) cannot be matched with a regular expression`);
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || (cast === 'int' && !Number.isInteger(number))) {
      throw bad(
        field,
        `${cast}(${field}) needs ${cast === 'int' ? 'an integer' : 'a number'}, got "${value}"`,
      );
    }
  }
  if (op === '~') return { field, path, op, value, regex: linearRegex(field, value) };
  return { field, path, op, value, ...(cast === undefined ? {} : { cast }) };
}

function linearRegex(field: string, pattern: string): LinearRegex {
  const compiled = compileLinearRegex(pattern);
  if (!compiled.ok) throw bad(field, `the regular expression ${compiled.reason}`);
  return compiled.regex;
}
