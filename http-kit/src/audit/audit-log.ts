import { appendFileSync, mkdirSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '@tracey/common';

// The audit trail (issue 24): who did what, by the token's name — never its value. Each entry is
// one JSON line appended to a file opened for appending only (and logged by an `audit` child
// logger), so the trail survives restarts and a reader can tail it.

/** One thing done or refused. */
export interface AuditEntry {
  readonly time: string;
  /** `request`: a call with a known token; `refused`: a call without the token or the scope it needs; `cypher`: a query run. */
  readonly kind: 'request' | 'refused' | 'cypher' | 'trigger';
  /** The token's name; null when none was known. */
  readonly actor: string | null;
  readonly [field: string]: unknown;
}

export interface AuditLogOptions {
  /** JSON-lines file to append to; without it, the last entries are kept in memory only. */
  readonly file?: string | undefined;
  readonly logger?: Logger;
  /** Entries kept in memory for {@link AuditLog.recent} without a file. Default 1,000. */
  readonly keep?: number;
}

// What /audit reads of the file's end: enough for thousands of entries without reading it all.
const TAIL_BYTES = 4 * 1024 * 1024;

export class AuditLog {
  private readonly memory: AuditEntry[] = [];
  private readonly logger: Logger | undefined;

  constructor(private readonly options: AuditLogOptions = {}) {
    this.logger = options.logger?.child({ component: 'audit' });
    if (options.file !== undefined) {
      try {
        mkdirSync(dirname(options.file), { recursive: true });
      } catch (error) {
        // Said loudly, and again at each entry: the trail still goes to the log.
        this.logger?.error({ err: error, file: options.file }, 'the audit file cannot be created');
      }
    }
  }

  /** Appends an entry (time added). A file that cannot be written is logged, never thrown. */
  record(entry: Omit<AuditEntry, 'time'>): void {
    const full = { time: new Date().toISOString(), ...entry } as AuditEntry;
    this.memory.push(full);
    if (this.memory.length > (this.options.keep ?? 1000)) this.memory.shift();
    this.logger?.info({ audit: full }, 'audit');
    if (this.options.file === undefined) return;
    try {
      appendFileSync(this.options.file, `${JSON.stringify(full)}\n`, { mode: 0o600, flag: 'a' });
    } catch (error) {
      this.logger?.error({ err: error, file: this.options.file }, 'audit entry not written to the file');
    }
  }

  /** The newest entries first, at most `limit`, of `kind` when given: from the file when there is one. */
  recent(limit: number, kind?: AuditEntry['kind']): AuditEntry[] {
    const entries = this.options.file === undefined ? [...this.memory] : readTail(this.options.file);
    return entries
      .filter((entry) => kind === undefined || entry.kind === kind)
      .reverse()
      .slice(0, limit);
  }
}

function readTail(file: string): AuditEntry[] {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return [];
  }
  const length = Math.min(size, TAIL_BYTES);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const lines = buffer.toString('utf8').split('\n');
  // A tail that starts mid-file starts mid-line: that first line is cut.
  if (length < size) lines.shift();
  return lines.flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as AuditEntry];
    } catch {
      return [];
    }
  });
}
