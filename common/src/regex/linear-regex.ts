import { RE2JS, RE2JSException } from 're2js';

/**
 * A regular expression compiled for RE2 (re2js, pure JavaScript): matching takes time linear in
 * the text, whatever the pattern, so a pattern from a request or a rule cannot hold the event
 * loop the way a backtracking `RegExp` can (`^(a+)+$` over `aaaa…!`).
 */
export interface LinearRegex {
  /** The pattern as written. */
  readonly source: string;
  /** Whether the pattern matches anywhere in `text` (a partial match, like `RegExp#test`). */
  test(text: string): boolean;
}

/** The compiled pattern, or why it cannot be one, naming the construct RE2 lacks. */
export type LinearRegexResult =
  { readonly ok: true; readonly regex: LinearRegex } | { readonly ok: false; readonly reason: string };

/** Most characters of a pattern. */
export const MAX_REGEX_LENGTH = 500;
/**
 * Most instructions a compiled pattern may have: matching costs up to text length × this, so
 * counted repetitions that blow up (`(.*a){999}`) are refused rather than run.
 */
export const MAX_REGEX_PROGRAM = 5000;

/** What RE2 has not that JavaScript has, said once in every refusal. */
const DIALECT = 'RE2 syntax: no lookaround, backreferences or possessive quantifiers; \\x{…} for code points';

/**
 * Compiles `pattern` in the RE2 dialect (https://github.com/google/re2/wiki/Syntax).
 * @returns the regex, or a reason such as ``unsupported: invalid or unsupported Perl syntax: `(?=` ``.
 */
export function compileLinearRegex(pattern: string): LinearRegexResult {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return { ok: false, reason: `is longer than ${MAX_REGEX_LENGTH} characters` };
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    const detail = error.message.replace(/^error parsing regexp: /, '');
    return { ok: false, reason: `is not a regular expression RE2 runs (${DIALECT}): ${detail}` };
  }
  const size = compiled.programSize();
  if (size > MAX_REGEX_PROGRAM) {
    return {
      ok: false,
      reason: `compiles to ${size} instructions, more than ${MAX_REGEX_PROGRAM}; use fewer or smaller counted repetitions`,
    };
  }
  return { ok: true, regex: { source: pattern, test: (text) => compiled.test(text) } };
}
