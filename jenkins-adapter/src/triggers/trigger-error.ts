import { TraceyError } from '@tracey/common';

/** Codes of the errors the trigger module raises; callers branch on these. */
export const TRIGGER_ERROR_CODES = {
  /** The rules file cannot be read, is not YAML/JSON, or breaks the rule schema; `details.reasons`. */
  rulesInvalid: 'TRIGGER_RULES_INVALID',
  /** The state directory (fired triggers) cannot be read or written. */
  stateFailed: 'TRIGGER_STATE_FAILED',
} as const;

export type TriggerErrorCode = (typeof TRIGGER_ERROR_CODES)[keyof typeof TRIGGER_ERROR_CODES];

/** A rules file that cannot be used, with every reason as `where: why`. */
export function rulesInvalid(file: string, reasons: readonly string[]): TraceyError<TriggerErrorCode> {
  const shown = reasons.slice(0, 50);
  return new TraceyError(
    TRIGGER_ERROR_CODES.rulesInvalid,
    `invalid trigger rules in ${file}:\n${shown.map((reason) => `  ${reason}`).join('\n')}`,
    { details: { file, reasons: shown } },
  );
}
