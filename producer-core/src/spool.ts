import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { syncDirectory, writeFileDurably } from '@tracey/common';
import type { PublishableMessage } from '@tracey/schemas';
import { parseSpoolLine } from './internal/spool-line.js';
import type { OutputResult } from './output.js';

const SEGMENT = /^seg-\d+-\d+-[0-9a-f]+\.ndjson$/;
const CLAIMED = /^(seg-\d+-\d+-[0-9a-f]+\.ndjson)\.claimed-(\d+)$/;

/** What waits in a spool. */
export interface SpoolStatus {
  readonly dir: string;
  readonly segments: number;
  readonly events: number;
  readonly bytes: number;
  /** When the oldest waiting segment was first written (a put-back keeps its time). */
  readonly oldest?: Date;
}

/** What a drain did. */
export interface DrainResult {
  readonly delivered: number;
  /** Events still in the spool afterwards (put back, or claimed by another process). */
  readonly remaining: number;
  readonly unroutable: readonly string[];
  /** Why the drain stopped early, when it did. */
  readonly stoppedBecause?: string;
}

/**
 * A durable local spool of messages an output could not deliver: a directory of append-only
 * NDJSON segment files, each written once, fsync'd and renamed into place, so a crash loses
 * nothing and never leaves half a segment. A drain claims a segment by renaming it (so two
 * processes do not send the same one), and deletes it only after every message in it was taken
 * or written again to a new segment.
 */
export class FileSpool {
  #sequence = 0;

  /** @param dir created on first write. */
  constructor(readonly dir: string) {}

  /** Stores `messages` durably (fsync'd) as one new segment. */
  async append(messages: readonly PublishableMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await mkdir(this.dir, { recursive: true });
    const text = messages.map((message) => `${JSON.stringify(message)}\n`).join('');
    await writeFileDurably(this.dir, this.#segmentName(), text);
  }

  /** True when nothing waits; cheap enough to call before every publish. */
  async isEmpty(): Promise<boolean> {
    return (await this.#names()).every((name) => !SEGMENT.test(name) && !CLAIMED.test(name));
  }

  async status(): Promise<SpoolStatus> {
    let segments = 0;
    let events = 0;
    let bytes = 0;
    let oldest: Date | undefined;
    for (const name of await this.#names()) {
      if (!SEGMENT.test(name) && !CLAIMED.test(name)) continue;
      const path = `${this.dir}/${name}`;
      const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]).catch(() => []);
      if (text === undefined || info === undefined) continue; // taken by a concurrent drain
      segments += 1;
      events += text.split('\n').filter((line) => line !== '').length;
      bytes += info.size;
      const written = writtenAt(name);
      if (oldest === undefined || written < oldest) oldest = written;
    }
    return oldest === undefined
      ? { dir: this.dir, segments, events, bytes }
      : { dir: this.dir, segments, events, bytes, oldest };
  }

  /**
   * Re-sends what waits, oldest first, in batches through `send`, stopping at the first batch that
   * is not taken; what was not taken is written back (in its segment's place, so the order holds
   * across failed drains) before the claim is removed.
   */
  async drain(
    send: (batch: readonly PublishableMessage[]) => Promise<OutputResult>,
    options: { readonly batchSize?: number } = {},
  ): Promise<DrainResult> {
    const batchSize = options.batchSize ?? 1000;
    await this.#reclaimAbandoned();
    let deliveredCount = 0;
    const unroutable: string[] = [];
    for (const name of (await this.#names()).filter((entry) => SEGMENT.test(entry)).sort()) {
      const claimed = await this.#claim(name);
      if (claimed === undefined) continue;
      const messages = await this.#read(claimed);
      for (let start = 0; start < messages.length; start += batchSize) {
        const result = await send(messages.slice(start, start + batchSize));
        if (result.kind === 'success') {
          deliveredCount += Math.min(batchSize, messages.length - start);
          unroutable.push(...result.unroutable);
          continue;
        }
        // Put back what was not taken, then the rest of the segment, before dropping the claim:
        // under the segment's own name, so it keeps its place ahead of newer segments.
        await this.#putBack(name, [...result.undelivered, ...messages.slice(start + batchSize)]);
        await this.#remove(claimed);
        deliveredCount += Math.min(batchSize, messages.length - start) - result.undelivered.length;
        const remaining = (await this.status()).events;
        return { delivered: deliveredCount, remaining, unroutable, stoppedBecause: result.reason };
      }
      await this.#remove(claimed);
    }
    return { delivered: deliveredCount, remaining: (await this.status()).events, unroutable };
  }

  #segmentName(): string {
    this.#sequence += 1;
    const time = String(Date.now()).padStart(15, '0');
    const sequence = String(this.#sequence).padStart(6, '0');
    return `seg-${time}${sequence}-${process.pid}-${randomUUID().replaceAll('-', '').slice(0, 12)}.ndjson`;
  }

  async #names(): Promise<string[]> {
    try {
      return await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async #claim(name: string): Promise<string | undefined> {
    const claimed = `${name}.claimed-${process.pid}`;
    try {
      await rename(`${this.dir}/${name}`, `${this.dir}/${claimed}`);
      return claimed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // another drain took it
      throw error;
    }
  }

  async #read(claimed: string): Promise<PublishableMessage[]> {
    const text = await readFile(`${this.dir}/${claimed}`, 'utf8');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => parseSpoolLine(line, claimed));
  }

  async #putBack(name: string, messages: readonly PublishableMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const text = messages.map((message) => `${JSON.stringify(message)}\n`).join('');
    // A crash during an earlier put-back of this segment may have left its temporary file; the
    // claim is ours, so it is stale, and keeping it would make every later put-back fail.
    await unlink(`${this.dir}/.tmp-${name}`).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
    await writeFileDurably(this.dir, name, text);
  }

  async #remove(claimed: string): Promise<void> {
    try {
      await unlink(`${this.dir}/${claimed}`);
    } catch (error) {
      // Only a drain that took it back as abandoned removes it too: its messages were re-sent.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await syncDirectory(this.dir);
  }

  /**
   * Segments claimed by a process that died mid-drain go back. Claims of this process are left
   * alone: another drain of it may be sending them right now.
   */
  async #reclaimAbandoned(): Promise<void> {
    for (const name of await this.#names()) {
      const match = CLAIMED.exec(name);
      if (match === null) continue;
      const pid = Number(match[2]);
      if (pid === process.pid || isAlive(pid)) continue;
      await rename(`${this.dir}/${name}`, `${this.dir}/${match[1] ?? ''}`).catch(() => undefined);
    }
  }
}

/**
 * When a segment was first written: from its name (`seg-<15-digit ms><6-digit sequence>-…`),
 * which a put-back keeps, not from its mtime, which every put-back renews.
 */
function writtenAt(name: string): Date {
  return new Date(Number(name.slice('seg-'.length, 'seg-'.length + 15)));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
