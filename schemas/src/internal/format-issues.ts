import type { z } from 'zod';
import type { ValidationIssue, ValidationIssueCode } from '../protocol.js';

/** The UUID pattern of the Eiffel definitions, named in messages instead of printed. */
export const EIFFEL_UUID_PATTERN =
  '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
const UUID_SOURCE = `/${EIFFEL_UUID_PATTERN}/`;
const REQUIRED = 'is required';

const EXPECTED: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
};

/** `["links", 2, "type"]` → `links[2].type`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part))
      out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Zod error map giving each issue a precise message; it runs while parsing, the only moment the
 * offending input is at hand (zod does not keep it in the final issues).
 */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  // A missing member surfaces as whatever check its schema runs first (type, enum, ...).
  if (issue.input === undefined && issue.code !== 'unrecognized_keys') return REQUIRED;
  switch (issue.code) {
    case 'invalid_type': {
      // z.int() reports a non-number as expecting "number"; its format says it wants an integer.
      const format = (issue.inst?._zod.def as { format?: string } | undefined)?.format;
      const expected = format === 'safeint' ? 'int' : issue.expected;
      return `must be ${EXPECTED[expected] ?? expected}, got ${describe(issue.input)}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}; got ${describe(issue.input)}`;
    case 'invalid_format':
      if (issue.format === 'regex' && 'pattern' in issue && issue.pattern === UUID_SOURCE) {
        return `must be a lowercase UUID (RFC 4122, versions 1-5); got ${describe(issue.input)}`;
      }
      return `must match ${'pattern' in issue ? String(issue.pattern) : issue.format}; got ${describe(issue.input)}`;
    default:
      return undefined;
  }
};

function codeOf(issue: z.core.$ZodIssue): ValidationIssueCode {
  if (issue.message === REQUIRED) return 'required';
  switch (issue.code) {
    case 'invalid_type':
      return 'type';
    case 'invalid_value':
      return 'enum';
    case 'invalid_format':
      return 'pattern';
    default:
      return 'invalid';
  }
}

/** Zod issues → validation issues, one per unknown member so each names its exact path. */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []) {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          path: formatPath([...path, key]),
          code: 'unknown_member',
          message: 'is not a member the definition allows',
        });
      }
    } else {
      out.push({ path: formatPath(path), code: codeOf(issue), message: issue.message });
    }
  }
  return out;
}
