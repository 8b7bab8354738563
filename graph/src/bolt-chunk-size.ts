import { createRequire } from 'node:module';

/**
 * Bytes the Neo4j driver gathers before it writes to the socket (and the most a Bolt chunk carries,
 * whose header counts to 65,535).
 */
export const BOLT_WRITE_BYTES = 65_534;

const PATCHED = Symbol.for('tracey.boltWriteBytes');

interface ChunkerPrototype {
  _ensure?: (this: { _bufferSize: number }, size: number) => unknown;
  [PATCHED]?: boolean;
}

/**
 * Makes the Neo4j JavaScript driver write in pieces of {@link BOLT_WRITE_BYTES} instead of 1,400
 * bytes. The driver's `Chunker` flushes its 1,400-byte buffer to the socket whenever it fills, so a
 * batch of 500 events (about 600 KB of parameters) took 400+ socket writes and as many Bolt
 * chunks for Neo4j to reassemble: in bench:ingest 11 % of the worker's CPU was those writes, and the
 * plain write and Tracey's writer ran 30–40 % faster with large ones (docs/BENCHMARKS.md#ingest).
 * The size is not configurable (neo4j-driver 6.3), so the driver's own `Chunker` is changed: it
 * takes the larger size the first time it makes room, and every buffer it allocates after its
 * first is that large. Idempotent; process-wide.
 * @returns whether the driver has the `Chunker` this expects (a test fails when an upgrade drops it).
 */
export function enlargeBoltWrites(): boolean {
  const fromDriver = createRequire(createRequire(import.meta.url).resolve('neo4j-driver'));
  let chunking: { Chunker?: { prototype: ChunkerPrototype } };
  try {
    chunking = fromDriver('neo4j-driver-bolt-connection/lib/channel/chunking.js') as typeof chunking;
  } catch {
    return false;
  }
  const prototype = chunking.Chunker?.prototype;
  if (prototype === undefined || typeof prototype._ensure !== 'function') return false;
  if (prototype[PATCHED] === true) return true;
  const ensure = prototype._ensure;
  prototype._ensure = function (this: { _bufferSize: number }, size: number) {
    if (this._bufferSize < BOLT_WRITE_BYTES) this._bufferSize = BOLT_WRITE_BYTES;
    return ensure.call(this, size);
  };
  prototype[PATCHED] = true;
  return true;
}
