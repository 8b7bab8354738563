/** Caps on what the adapter takes in; a request above one gets a 4xx. */
export const LIMITS = {
  /** Body of one Jenkins notification (a big test summary and many artifacts fit). */
  notificationBytes: 1_048_576,
  /** Body of `POST /events`. */
  submissionBytes: 8_388_608,
  /** Events in one `POST /events`. */
  submissionEvents: 500,
  /** Longest wait for the broker before `/ready` says no. */
  readyTimeoutMs: 3000,
} as const;
