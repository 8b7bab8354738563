import { randomUUID } from 'node:crypto';

/**
 * A broker object name no other test run uses: the RabbitMQ broker is shared with CI and other
 * developers' runs, so every exchange and queue a test declares carries the process and a nonce.
 */
export function uniqueName(purpose: string): string {
  return `tracey-test.${purpose}.${process.pid}.${randomUUID().slice(0, 8)}`;
}
