/**
 * `promise`, or a rejection with code `ETIMEDOUT` once `ms` have passed. amqplib can leave a
 * promise unsettled when a broker node dies at the wrong moment (during the handshake, or while
 * a connection closes); with the socket gone nothing else keeps Node's event loop alive, and a
 * `tracey publish` run ended right there with exit code 13 (an unsettled top-level await) instead
 * of spooling what it had not sent. The timer keeps the process waiting, at most `ms`.
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
