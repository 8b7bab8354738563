/** Caps on what the webhook adapter takes in; a request above one gets a 4xx. */
export const LIMITS = {
  /** Body of `POST /cloudevents` (at least the largest event taken, TRACEY_MAX_EVENT_BYTES). */
  bodyBytes: 8_388_608,
  /** CloudEvents in one batch, as `POST /events` of the Jenkins adapter. */
  batchEvents: 500,
  /** Longest wait for the broker before `/ready` says no. */
  readyTimeoutMs: 3000,
} as const;
