import { TraceyError } from '@tracey/common';

/** Codes of the errors the CLI itself raises. */
export const CLI_ERROR_CODES = {
  /** Arguments, flags or files that cannot become events; the reasons are in `details.reasons`. */
  badInput: 'CLI_BAD_INPUT',
  /** The environment holds a bad TRACEY_* variable. */
  configInvalid: 'CLI_CONFIG_INVALID',
  /** Events were spooled, not delivered, and `--strict` was given. */
  spooledStrict: 'CLI_SPOOLED_STRICT',
  /** The output refused events for good. */
  notPublished: 'CLI_NOT_PUBLISHED',
  /** The query API cannot be reached (down, wrong TRACEY_API_URL, no answer in time). */
  apiUnreachable: 'CLI_API_UNREACHABLE',
  /** The query API refused the request (4xx); its message is the error's. */
  apiRefused: 'CLI_API_REFUSED',
  /** The query API failed (5xx) or answered something unexpected. */
  apiFailed: 'CLI_API_FAILED',
  /** `tracey triggers replay`: some triggers stay parked (failed again, rule gone, beyond `--limit`). */
  triggersParked: 'CLI_TRIGGERS_PARKED',
  /** `tracey listen` cannot connect to the broker or declare its queue. */
  brokerUnreachable: 'CLI_BROKER_UNREACHABLE',
} as const;

/** Exit codes of `tracey`: 0 published (or spooled), 1 failed, 2 bad input, 3 spooled with --strict. */
export const EXIT_CODES = { ok: 0, failed: 1, badInput: 2, spooled: 3 } as const;

const BAD_INPUT_CODES = new Set<string>([
  CLI_ERROR_CODES.badInput,
  CLI_ERROR_CODES.configInvalid,
  CLI_ERROR_CODES.apiRefused,
  'PRODUCER_BAD_INPUT',
  'PRODUCER_GIT_FAILED',
  'PRODUCER_PLUGIN_INVALID',
  'PRODUCER_UNKNOWN_PART',
  'SCHEMAS_UNKNOWN_EVENT_TYPE',
]);

/** The one translation of errors into exit codes. */
export function exitCodeFor(error: TraceyError): number {
  if (error.code === CLI_ERROR_CODES.spooledStrict) return EXIT_CODES.spooled;
  return BAD_INPUT_CODES.has(error.code) ? EXIT_CODES.badInput : EXIT_CODES.failed;
}

/** Bad input, with every reason as `where: why`. */
export function badInput(summary: string, reasons: readonly string[] = []): TraceyError {
  return new TraceyError(CLI_ERROR_CODES.badInput, summary, { details: { reasons } });
}

/** The lines to print for an error: its message, then each reason indented. */
export function errorLines(error: TraceyError): string[] {
  const reasons = error.details['reasons'];
  const list = Array.isArray(reasons) ? reasons.map((reason) => `  ${String(reason)}`) : [];
  return [`tracey: ${error.message}`, ...list];
}
