import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { holdTimedTestLock } from './timed-test-lock.js';

describe('holdTimedTestLock', () => {
  const dirs: string[] = [];
  const lockFile = () => {
    const made = mkdtempSync(join(tmpdir(), 'tracey-timed-lock-'));
    dirs.push(made);
    return join(made, 'timed.lock');
  };
  afterEach(() => {
    for (const made of dirs.splice(0)) rmSync(made, { recursive: true, force: true });
  });

  it('holds the machine for this process until released', async () => {
    const file = lockFile();
    const release = await holdTimedTestLock(0, file);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(file)).toBe(false);
  });

  it('waits while another live run holds it, and takes it once that run lets go', async () => {
    const file = lockFile();
    // The parent (the test runner) is alive and is not this process.
    writeFileSync(file, String(process.ppid));
    const waited = Date.now();
    setTimeout(() => unlinkSync(file), 1500);
    const release = await holdTimedTestLock(10_000, file);
    expect(Date.now() - waited).toBeGreaterThanOrEqual(1500);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('gives up after waitMs, naming the run that holds it, and leaves its lock', async () => {
    const file = lockFile();
    writeFileSync(file, String(process.ppid));
    await expect(holdTimedTestLock(1200, file)).rejects.toThrow(
      `another timed test run (pid ${process.ppid}) held ${file} for more than 1200 ms`,
    );
    expect(readFileSync(file, 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a lock whose run is gone', async () => {
    const file = lockFile();
    writeFileSync(file, String(2 ** 22 + 1));
    const release = await holdTimedTestLock(0, file);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
  });
});
