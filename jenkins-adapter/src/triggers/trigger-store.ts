import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { TraceyError, writeFileDurably } from '@tracey/common';
import { TRIGGER_ERROR_CODES } from './trigger-error.js';

/** Record of a trigger that fired: a line of the store. */
interface FiredLine {
  readonly rule: string;
  readonly eventId: string;
  readonly at: string;
}

const FILE = 'fired.jsonl';
const key = (rule: string, eventId: string) => `${rule}\n${eventId}`;

/**
 * Which (rule, event) pairs have fired, so a redelivered or re-published event never starts a
 * job twice: an append-only JSON-lines file, fsync'd after each line and read whole at start.
 *
 * Why a file and not Neo4j: the adapter does not otherwise depend on the graph, a trigger must
 * keep working while Neo4j is down, and one fsync'd append per fired trigger is cheap. The cost
 * is that **one adapter instance** owns a state directory: two instances consuming the same
 * queue with different directories could each fire an event once (run one adapter, or give
 * each instance its own queue and rules). A line torn by a crash is ignored on load.
 */
export class FileTriggerStore {
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly fired: Set<string>,
    private handle: FileHandle,
    private lines: number,
    private readonly maxEntries: number,
  ) {}

  /**
   * Opens (creating) the store in `dir`. Keeps the newest `maxEntries` pairs: older ones are
   * dropped when the file is compacted at open (an event redelivered that late is unlikely).
   * @throws TRIGGER_STATE_FAILED when the directory cannot be read or written.
   */
  static async open(dir: string, maxEntries = 100_000): Promise<FileTriggerStore> {
    try {
      await mkdir(dir, { recursive: true });
      const text = await readFile(join(dir, FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      const entries = text.split('\n').flatMap((line) => {
        try {
          const parsed = JSON.parse(line) as Partial<FiredLine>;
          return typeof parsed.rule === 'string' && typeof parsed.eventId === 'string'
            ? [parsed as FiredLine]
            : [];
        } catch {
          return [];
        }
      });
      const kept = entries.slice(-maxEntries);
      if (kept.length < entries.length || (text.length > 0 && !text.endsWith('\n'))) await compact(dir, kept);
      const handle = await open(join(dir, FILE), 'a');
      const fired = new Set(kept.map((entry) => key(entry.rule, entry.eventId)));
      return new FileTriggerStore(dir, fired, handle, kept.length, maxEntries);
    } catch (error) {
      throw new TraceyError(TRIGGER_ERROR_CODES.stateFailed, `cannot use trigger state directory ${dir}`, {
        cause: error,
        details: { dir, reason: (error as Error).message },
      });
    }
  }

  /** Whether `rule` has fired for `eventId`. */
  has(rule: string, eventId: string): boolean {
    return this.fired.has(key(rule, eventId));
  }

  /** Number of pairs known. */
  get size(): number {
    return this.fired.size;
  }

  /**
   * Records that `rule` fired for `eventId`, durably (fsync) before resolving. The pair counts
   * as fired in this process at once, even if the write then fails.
   */
  record(rule: string, eventId: string): Promise<void> {
    this.fired.add(key(rule, eventId));
    const line = `${JSON.stringify({ rule, eventId, at: new Date().toISOString() } satisfies FiredLine)}\n`;
    const write = this.writes.then(async () => {
      await this.handle.appendFile(line, 'utf8');
      await this.handle.sync();
      this.lines += 1;
      if (this.lines > this.maxEntries * 2) await this.rotate();
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  // Long-running: keep the file from growing without bound between restarts.
  private async rotate(): Promise<void> {
    const text = await readFile(join(this.dir, FILE), 'utf8');
    const kept = text
      .split('\n')
      .filter((line) => line !== '')
      .slice(-this.maxEntries)
      .map((line) => JSON.parse(line) as FiredLine);
    await this.handle.close();
    await compact(this.dir, kept);
    this.handle = await open(join(this.dir, FILE), 'a');
    this.lines = kept.length;
  }

  async close(): Promise<void> {
    await this.writes;
    await this.handle.close();
  }
}

// Rewrites the file with `entries` atomically: temp file, fsync, rename, fsync the directory.
async function compact(dir: string, entries: readonly FiredLine[]): Promise<void> {
  await writeFileDurably(dir, FILE, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
}
