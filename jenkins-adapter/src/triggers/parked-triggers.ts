import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory, TraceyError, writeFileDurably } from '@tracey/common';
import { TRIGGER_ERROR_CODES } from './trigger-error.js';

/** A (rule, event) pair whose action failed, kept until a replay fires it. */
export interface ParkedTrigger {
  readonly rule: string;
  readonly eventId: string;
  readonly eventType: string;
  /** Why the last attempt failed. */
  readonly reason: string;
  /** Attempts made so far, replays included. */
  readonly attempts: number;
  /** ISO time it was first parked. */
  readonly parkedAt: string;
  /** ISO time of the last attempt. */
  readonly lastAttemptAt: string;
  /** The triggering event's JSON, so a replay does not need the broker to have it. */
  readonly event: unknown;
}

/** What is kept in memory of a parked trigger: all but its event, read from its file at replay. */
export type ParkedEntry = Omit<ParkedTrigger, 'event'>;

const DIR = 'parked';
const fileName = (rule: string, eventId: string) =>
  `${createHash('sha256').update(`${rule}\n${eventId}`).digest('hex').slice(0, 40)}.json`;

/**
 * Triggers that failed for good or ran out of attempts, parked instead of forgotten: one JSON
 * file per (rule, event) pair under `<stateDir>/parked/`, written whole (temporary file, fsync,
 * rename) before the event is acknowledged, removed when a replay fires it. Only the entries
 * without their events are held in memory (an event may be up to 8 MiB); a replay reads the event.
 */
export class ParkedTriggers {
  private constructor(
    private readonly dir: string,
    private readonly entries: Map<string, ParkedEntry>,
  ) {}

  /** @throws TRIGGER_STATE_FAILED when the directory cannot be read or written. */
  static async open(stateDir: string): Promise<ParkedTriggers> {
    const dir = join(stateDir, DIR);
    try {
      await mkdir(dir, { recursive: true });
      const entries = new Map<string, ParkedEntry>();
      for (const name of await readdir(dir)) {
        if (!name.endsWith('.json') || name.startsWith('.')) continue;
        const { event: _event, ...entry } = JSON.parse(
          await readFile(join(dir, name), 'utf8'),
        ) as ParkedTrigger;
        entries.set(fileName(entry.rule, entry.eventId), entry);
      }
      return new ParkedTriggers(dir, entries);
    } catch (error) {
      throw new TraceyError(TRIGGER_ERROR_CODES.stateFailed, `cannot use parked triggers in ${dir}`, {
        cause: error,
        details: { dir, reason: (error as Error).message },
      });
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(rule: string, eventId: string): ParkedEntry | undefined {
    return this.entries.get(fileName(rule, eventId));
  }

  /** The parked pair with its event, read from its file; undefined when it is not parked. */
  async withEvent(rule: string, eventId: string): Promise<ParkedTrigger | undefined> {
    const name = fileName(rule, eventId);
    if (!this.entries.has(name)) return undefined;
    return JSON.parse(await readFile(join(this.dir, name), 'utf8')) as ParkedTrigger;
  }

  /** Oldest first, at most `limit`. */
  list(limit = Number.POSITIVE_INFINITY): ParkedEntry[] {
    return [...this.entries.values()]
      .sort((a, b) => a.parkedAt.localeCompare(b.parkedAt) || a.eventId.localeCompare(b.eventId))
      .slice(0, limit);
  }

  /** Parks `entry` durably (an existing entry of the pair is replaced: a failed replay). */
  async park(entry: ParkedTrigger): Promise<void> {
    const name = fileName(entry.rule, entry.eventId);
    await writeFileDurably(this.dir, name, JSON.stringify(entry));
    const { event: _event, ...kept } = entry;
    this.entries.set(name, kept);
  }

  /** Forgets the pair (it fired, or no longer matches). */
  async remove(rule: string, eventId: string): Promise<void> {
    const name = fileName(rule, eventId);
    this.entries.delete(name);
    await unlink(join(this.dir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await syncDirectory(this.dir);
  }
}
