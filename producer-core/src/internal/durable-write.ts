import { open, rename } from 'node:fs/promises';

/** fsyncs a directory so that a rename or unlink inside it survives a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to `path` atomically and durably: a temporary file beside it is written and
 * fsync'd, renamed over `path`, then the directory is fsync'd. A crash leaves either no file or
 * the complete one, never a torn one.
 */
export async function writeFileDurably(dir: string, name: string, text: string): Promise<void> {
  const temporary = `${dir}/.tmp-${name}`;
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, `${dir}/${name}`);
  await syncDirectory(dir);
}
