import { mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One large message's body on disk. */
export interface SpoolEntry {
  readonly path: string;
  readonly bytes: number;
}

const PREFIX = 'tracey-aggregator-';

/** `<os.tmpdir()>/tracey-aggregator-<pid>`: the spools of this process, one directory per worker. */
export function processSpoolDir(): string {
  return join(tmpdir(), `${PREFIX}${process.pid}`);
}

// The first spool opened in this process empties the process's directory (a dead process with
// the same pid may have left it); workers of one process (tests) then get one each.
let processDirReady: Promise<void> | undefined;
let workers = 0;

/**
 * Bodies of large messages kept on local disk while the messages themselves stay unacknowledged
 * on the queue, so that a worker holds their bytes on disk rather than in memory and never copies
 * them back to the broker. Nothing here needs to survive the process: the queue is the durable
 * copy (a worker that dies leaves its messages unacked, and the broker redelivers them), so the
 * directory is emptied when the worker starts and removed when it stops.
 */
export class LargeEventSpool {
  private readonly entries = new Set<SpoolEntry>();
  private next = 0;
  private bytesOnDisk = 0;

  private constructor(
    readonly dir: string,
    private readonly inProcessDir: boolean,
  ) {}

  /**
   * Creates an empty spool in `dir`, by default a directory of its own in {@link processSpoolDir},
   * after removing the spools left in the same temporary directory by processes that are gone
   * (SIGKILLed workers).
   */
  static async open(dir?: string): Promise<LargeEventSpool> {
    if (dir === undefined) {
      await removeOrphanSpools();
      processDirReady ??= rm(processSpoolDir(), { recursive: true, force: true });
      await processDirReady;
    }
    const path = dir ?? join(processSpoolDir(), String(++workers));
    await rm(path, { recursive: true, force: true });
    await mkdir(path, { recursive: true, mode: 0o700 });
    return new LargeEventSpool(path, dir === undefined);
  }

  /** Bytes of the bodies in the spool, those still being written included. */
  get bytes(): number {
    return this.bytesOnDisk;
  }

  /** Writes `body` to a file of its own; counted in {@link bytes} from the call on. */
  async write(body: Buffer): Promise<SpoolEntry> {
    const entry: SpoolEntry = { path: join(this.dir, String(++this.next)), bytes: body.length };
    this.entries.add(entry);
    this.bytesOnDisk += entry.bytes;
    try {
      await writeFile(entry.path, body, { mode: 0o600 });
      return entry;
    } catch (error) {
      await this.remove(entry);
      throw error;
    }
  }

  read(entry: SpoolEntry): Promise<Buffer> {
    return readFile(entry.path);
  }

  /** Deletes the body (idempotent; a failure to delete only leaves a file until the next start). */
  remove(entry: SpoolEntry): Promise<void> {
    if (!this.entries.delete(entry)) return Promise.resolve();
    this.bytesOnDisk -= entry.bytes;
    return rm(entry.path, { force: true }).catch(() => undefined);
  }

  /** Removes the directory and everything in it (and the process's, once no spool is left in it). */
  async close(): Promise<void> {
    this.entries.clear();
    this.bytesOnDisk = 0;
    await rm(this.dir, { recursive: true, force: true });
    if (this.inProcessDir) await rmdir(processSpoolDir()).catch(() => undefined);
  }
}

// A spool whose process no longer runs is garbage: its messages went back to the queue.
async function removeOrphanSpools(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
