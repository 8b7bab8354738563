import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileDurably } from './durable-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(`${tmpdir()}/tracey-durable-write-`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileDurably', () => {
  it('replaces the file whole and leaves no temporary file, even one a crash left behind', async () => {
    await writeFileDurably(dir, 'state.json', 'first');
    await writeFile(`${dir}/.tmp-state.json`, 'torn by a crash');
    await writeFileDurably(dir, 'state.json', 'second');
    expect(await readFile(`${dir}/state.json`, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['state.json']);
  });
});
