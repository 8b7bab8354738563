/** Codes of the `TraceyError`s of `@tracey/mapping` (docs/errors.md). */
export const MAPPING_ERROR_CODES = {
  /** A mappers file that is no valid mapper configuration; the message names each field and why. */
  configInvalid: 'MAPPING_CONFIG_INVALID',
  /** A mappers file that cannot be read. */
  configUnreadable: 'MAPPING_CONFIG_UNREADABLE',
} as const;
