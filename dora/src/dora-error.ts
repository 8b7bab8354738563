/** Codes of the `TraceyError`s of `@tracey/dora` (docs/errors.md). */
export const DORA_ERROR_CODES = {
  /** A DORA config file (`TRACEY_DORA_CONFIG`) that is no valid configuration; the message names each field. */
  configInvalid: 'DORA_CONFIG_INVALID',
  /** A DORA config file that cannot be read. */
  configUnreadable: 'DORA_CONFIG_UNREADABLE',
  /** A delta walk that would see more events than its budget. */
  limitExceeded: 'DORA_LIMIT_EXCEEDED',
} as const;
