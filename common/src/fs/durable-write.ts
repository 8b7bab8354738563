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
 * Writes `text` to `<dir>/<name>` atomically and durably: a temporary file beside it,
 * `.tmp-<name>`, is written and fsync'd, renamed over the file, then the directory is fsync'd.
 * A crash leaves either the old file or the complete new one, never a torn one; a temporary file
 * a crash left behind is overwritten. One writer per name at a time.
 */
export async function writeFileDurably(dir: string, name: string, text: string): Promise<void> {
  const temporary = `${dir}/.tmp-${name}`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, `${dir}/${name}`);
  await syncDirectory(dir);
}
