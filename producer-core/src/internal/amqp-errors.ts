/** AMQP reply codes after which re-sending the same way will not help (config or permission). */
const PERMANENT_CODES = new Set([403, 406]);

/** Whether an amqplib error is worth retrying later (broker down, connection lost, vhost missing…). */
export function isRetryableAmqpError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return !(typeof code === 'number' && PERMANENT_CODES.has(code));
}

/** A short reason without credentials (amqplib messages do not include the URL). */
export function describeAmqpError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'number' || typeof code === 'string'
      ? `${error.message} (${code})`
      : error.message;
  }
  return String(error);
}
