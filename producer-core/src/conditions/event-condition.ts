import { z } from 'zod';
import { compileLinearRegex, MAX_REGEX_LENGTH, type LinearRegex } from '@tracey/common';
import { formatEventPath, parseEventPath, readEventPath, type EventPath } from './event-path.js';

type Scalar = string | number | boolean | null;
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const pathField = z.string().transform((text, context): EventPath => {
  const parsed = parseEventPath(text);
  if (parsed.ok) return parsed.path;
  context.addIssue({ code: 'custom', message: parsed.reason });
  return z.NEVER;
});

// Patterns come from rules files and command lines: RE2 (linear time), never a backtracking
// RegExp, so no pattern can stall the consumer on an event built to make it backtrack.
const patternField = z
  .string()
  .max(MAX_REGEX_LENGTH, `must be at most ${MAX_REGEX_LENGTH} characters`)
  .transform((text, context): LinearRegex => {
    const compiled = compileLinearRegex(text);
    if (compiled.ok) return compiled.regex;
    context.addIssue({ code: 'custom', message: compiled.reason });
    return z.NEVER;
  });

const OPERATORS = ['equals', 'notEquals', 'matches', 'oneOf', 'exists'] as const;

/**
 * One test on a field of an event, as rules files and `--where` write it: `path` and exactly
 * one operator. A path that reaches several values (through `*`) holds when any of them passes,
 * except `notEquals`, which holds when none equals.
 */
export const eventConditionSchema = z
  .strictObject({
    path: pathField,
    equals: scalar.optional(),
    notEquals: scalar.optional(),
    matches: patternField.optional(),
    oneOf: z.array(scalar).min(1).optional(),
    exists: z.boolean().optional(),
  })
  .refine((condition) => OPERATORS.filter((operator) => condition[operator] !== undefined).length === 1, {
    message: `needs exactly one of ${OPERATORS.join(', ')}`,
  });

/** A parsed condition (paths split, patterns compiled). */
export type EventCondition = z.output<typeof eventConditionSchema>;

/** Whether conditions hold, and when not, the first that failed in words. */
export type ConditionResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

// Scalars of different JSON types compare by their text, so `--where data.size=3` matches 3.
function same(actual: unknown, expected: Scalar): boolean {
  if (actual === expected) return true;
  const comparable = (value: unknown) =>
    value === null || ['string', 'number', 'boolean'].includes(typeof value);
  return comparable(actual) && String(actual) === String(expected);
}

function describe(condition: EventCondition): string {
  const path = formatEventPath(condition.path);
  if (condition.equals !== undefined) return `${path} equals ${JSON.stringify(condition.equals)}`;
  if (condition.notEquals !== undefined)
    return `${path} does not equal ${JSON.stringify(condition.notEquals)}`;
  if (condition.matches !== undefined) return `${path} matches /${condition.matches.source}/`;
  if (condition.oneOf !== undefined) return `${path} is one of ${JSON.stringify(condition.oneOf)}`;
  return condition.exists === true ? `${path} exists` : `${path} is absent`;
}

/** Tests one condition against an event's JSON. */
export function testCondition(condition: EventCondition, event: unknown): boolean {
  const values = readEventPath(event, condition.path);
  const { equals, notEquals, matches, oneOf, exists } = condition;
  if (exists !== undefined) return exists === values.length > 0;
  if (notEquals !== undefined) return !values.some((value) => same(value, notEquals));
  return values.some((value) => {
    if (equals !== undefined) return same(value, equals);
    if (matches !== undefined) return typeof value === 'string' && matches.test(value);
    return oneOf?.some((option) => same(value, option)) === true;
  });
}

/** Tests every condition (all must hold) and says which one failed. */
export function evaluateConditions(conditions: readonly EventCondition[], event: unknown): ConditionResult {
  const failed = conditions.find((condition) => !testCondition(condition, event));
  return failed === undefined ? { ok: true } : { ok: false, reason: `not: ${describe(failed)}` };
}
