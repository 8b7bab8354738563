import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { FileTriggerStore } from './trigger-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(`${tmpdir()}/tracey-trigger-store-`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileTriggerStore', () => {
  it('remembers fired pairs across a reopen', async () => {
    const store = await FileTriggerStore.open(dir);
    expect(store.has('rule', 'e1')).toBe(false);
    await store.record('rule', 'e1');
    expect(store.has('rule', 'e1')).toBe(true);
    expect(store.has('other-rule', 'e1')).toBe(false);
    await store.close();
    const reopened = await FileTriggerStore.open(dir);
    expect(reopened.has('rule', 'e1')).toBe(true);
    expect(reopened.size).toBe(1);
    await reopened.close();
  });

  it('ignores a line torn by a crash and repairs the file', async () => {
    const store = await FileTriggerStore.open(dir);
    await store.record('rule', 'e1');
    await store.close();
    await appendFile(`${dir}/fired.jsonl`, '{"rule":"rule","eventId":"e2"');
    const reopened = await FileTriggerStore.open(dir);
    expect(reopened.has('rule', 'e1')).toBe(true);
    expect(reopened.has('rule', 'e2')).toBe(false);
    await reopened.record('rule', 'e3');
    await reopened.close();
    const lines = (await readFile(`${dir}/fired.jsonl`, 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { eventId: string }).eventId)).toEqual(['e1', 'e3']);
  });

  it('keeps the newest pairs when there are more than it keeps', async () => {
    const store = await FileTriggerStore.open(dir, 2);
    for (const id of ['e1', 'e2', 'e3']) await store.record('rule', id);
    await store.close();
    const reopened = await FileTriggerStore.open(dir, 2);
    expect(['e1', 'e2', 'e3'].map((id) => reopened.has('rule', id))).toEqual([false, true, true]);
    await reopened.close();
  });

  it('fails with TRIGGER_STATE_FAILED on a directory it cannot use', async () => {
    await appendFile(`${dir}/a-file`, 'x');
    const error: unknown = await FileTriggerStore.open(`${dir}/a-file/state`).catch(
      (caught: unknown) => caught,
    );
    expect(isTraceyError(error, 'TRIGGER_STATE_FAILED')).toBe(true);
  });
});
