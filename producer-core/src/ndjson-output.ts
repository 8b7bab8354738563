import { open, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { PublishableMessage } from '@tracey/schemas';
import { delivered, failed, type Output, type OutputResult } from './output.js';

/** Where an {@link NdjsonOutput} writes: a stream (stdout) or a file it appends to. */
export type NdjsonTarget = { readonly stream: Writable } | { readonly path: string };

/**
 * Writes each event body as one JSON line: for dry runs (stdout) and air-gapped sites (a file
 * carried over and published later with `tracey publish --file`). Files are appended to and
 * fsync'd on `flush`.
 */
export class NdjsonOutput implements Output {
  readonly name: string;
  #file: Promise<FileHandle> | undefined;

  constructor(private readonly target: NdjsonTarget) {
    this.name = 'path' in target ? 'file' : 'stdout';
  }

  async publish(batch: readonly PublishableMessage[]): Promise<OutputResult> {
    const text = batch.map((message) => `${message.body}\n`).join('');
    try {
      if ('stream' in this.target) await writeToStream(this.target.stream, text);
      else await (await this.#handle(this.target.path)).appendFile(text, 'utf8');
      return delivered();
    } catch (error) {
      return failed(`cannot write NDJSON: ${error instanceof Error ? error.message : String(error)}`, batch);
    }
  }

  async flush(): Promise<void> {
    const handle = await this.#file?.catch(() => undefined);
    if (handle !== undefined) await syncIfFile(handle);
  }

  async shutdown(): Promise<void> {
    if (this.#file === undefined) return;
    const handle = await this.#file.catch(() => undefined); // a file that never opened: nothing to close
    this.#file = undefined;
    if (handle === undefined) return;
    await syncIfFile(handle);
    await handle.close();
  }

  #handle(path: string): Promise<FileHandle> {
    this.#file ??= open(path, 'a');
    return this.#file;
  }
}

/** fsync, except on what cannot be synced (`/dev/null`, a named pipe): nothing to make durable. */
async function syncIfFile(handle: FileHandle): Promise<void> {
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP') throw error;
  }
}

function writeToStream(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
