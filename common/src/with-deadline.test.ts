import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withDeadline } from './with-deadline.js';

describe('withDeadline', () => {
  it('answers what the promise answers in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
    await expect(withDeadline(Promise.reject(new Error('no')), 1000, 'x')).rejects.toThrow('no');
  });

  it('rejects a promise that never settles, naming what and the time, with code ETIMEDOUT', async () => {
    const error: unknown = await withDeadline(new Promise(() => undefined), 30, 'opening a thing').catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      message: 'opening a thing did not finish within 30 ms',
      code: 'ETIMEDOUT',
    });
  });

  it('keeps a process with nothing else to wait for alive until then: no exit 13 of an unsettled await', () => {
    const module = fileURLToPath(new URL('./with-deadline.ts', import.meta.url));
    const script = `const { withDeadline } = await import(${JSON.stringify(module)});
      await withDeadline(new Promise(() => {}), 50, 'a hung close').catch((e) => console.log(e.message));`;
    const bare = spawnSync(process.execPath, ['--input-type=module', '-e', 'await new Promise(() => {});']);
    expect(bare.status).toBe(13);
    const run = spawnSync(
      process.execPath,
      ['--experimental-strip-types', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('a hung close did not finish within 50 ms');
  });
});
