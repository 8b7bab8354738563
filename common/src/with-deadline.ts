/**
 * `promise`, or a rejection with code `ETIMEDOUT` naming `what` once `ms` have passed. The timer
 * also keeps the event loop alive until then: amqplib can leave a promise unsettled when a broker
 * node dies at the wrong moment, and with the socket gone a `tracey publish` run ended at once with
 * exit code 13 (an unsettled top-level await) instead of spooling what it had not sent.
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`${what} did not finish within ${ms} ms`), { code: 'ETIMEDOUT' })),
      ms,
    );
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
