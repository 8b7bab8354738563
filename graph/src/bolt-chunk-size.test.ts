import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BOLT_WRITE_BYTES, enlargeBoltWrites } from './bolt-chunk-size.js';

// The driver's own Chunker over a channel that records what reaches the socket.
const fromDriver = createRequire(createRequire(import.meta.url).resolve('neo4j-driver'));
const { Chunker } = fromDriver('neo4j-driver-bolt-connection/lib/channel/chunking.js') as {
  Chunker: new (channel: { write(buffer: { length: number }): void }) => {
    putBytes(position: number, data: unknown): unknown;
    messageBoundary(): void;
    flush(): unknown;
  };
};
const { alloc } = fromDriver('neo4j-driver-bolt-connection/lib/channel/channel-buf.js') as {
  alloc: (size: number) => { writeBytes(data: unknown): void; reset(): void; position: number };
};

function writesFor(bytes: number): number[] {
  const writes: number[] = [];
  const chunker = new Chunker({ write: (buffer) => writes.push(buffer.length) });
  const data = alloc(bytes);
  data.position = bytes;
  data.reset();
  chunker.putBytes(0, data);
  chunker.messageBoundary();
  chunker.flush();
  return writes;
}

describe('enlargeBoltWrites', () => {
  it('makes the driver write a 600 KB batch in pieces of ~64 KB, not 1,400 bytes', () => {
    expect(writesFor(600_000).length).toBeGreaterThan(400);
    expect(enlargeBoltWrites()).toBe(true);
    const writes = writesFor(600_000);
    expect(writes.length).toBeLessThanOrEqual(11);
    expect(Math.max(...writes)).toBeLessThanOrEqual(BOLT_WRITE_BYTES);
    expect(writes.reduce((sum, length) => sum + length, 0)).toBeGreaterThan(600_000);
  });

  it('is idempotent', () => {
    expect(enlargeBoltWrites()).toBe(true);
    expect(enlargeBoltWrites()).toBe(true);
    expect(writesFor(100_000).length).toBeLessThanOrEqual(3);
  });
});
