import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockHeldByAnother, lockTestServices } from './test-run-lock.js';

describe('lockTestServices', () => {
  const dirs: string[] = [];
  const dir = () => {
    const made = mkdtempSync(join(tmpdir(), 'tracey-lock-'));
    dirs.push(made);
    return made;
  };
  afterEach(() => {
    for (const made of dirs.splice(0)) rmSync(made, { recursive: true, force: true });
  });

  it('writes this process id and removes the lock on release', () => {
    const services = dir();
    const release = lockTestServices(services);
    expect(readFileSync(join(services, 'test-run.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(services, 'test-run.lock'))).toBe(false);
  });

  it('refuses while another live process holds it, naming that process', () => {
    const services = dir();
    // The parent (the test runner) is alive and is not this process.
    writeFileSync(join(services, 'test-run.lock'), String(process.ppid));
    expect(() => lockTestServices(services)).toThrow(
      `another test run (pid ${process.ppid}) uses the test services`,
    );
    expect(readFileSync(join(services, 'test-run.lock'), 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a lock whose process is gone', () => {
    const services = dir();
    // Above Linux's pid_max (2^22), so no process has it.
    writeFileSync(join(services, 'test-run.lock'), String(2 ** 22 + 1));
    const release = lockTestServices(services);
    expect(readFileSync(join(services, 'test-run.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});

describe('lockTestServices when two runs find the same stale lock', () => {
  it('leaves the lock the other run took over in between, and refuses', () => {
    const services = mkdtempSync(join(tmpdir(), 'tracey-lock-'));
    const file = join(services, 'test-run.lock');
    try {
      writeFileSync(file, String(2 ** 22 + 1));
      // Run A (the test runner, alive) removes the stale lock and takes it after this run saw it
      // stale and before this run removes it.
      const otherRun = () => writeFileSync(file, String(process.ppid));
      expect(() => lockTestServices(services, { staleSeen: otherRun })).toThrow(
        `another test run (pid ${process.ppid}) uses the test services`,
      );
      expect(readFileSync(file, 'utf8')).toBe(String(process.ppid));
    } finally {
      rmSync(services, { recursive: true, force: true });
    }
  });

  it('does not take a lock whose owner is still writing its pid (empty and new)', () => {
    const services = mkdtempSync(join(tmpdir(), 'tracey-lock-'));
    try {
      writeFileSync(join(services, 'test-run.lock'), '');
      expect(() => lockTestServices(services)).toThrow('another test run');
    } finally {
      rmSync(services, { recursive: true, force: true });
    }
  });
});

describe('lockHeldByAnother', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracey-lock-probe-'));
  const file = join(dir, 'probe.lock');
  afterEach(() => rmSync(file, { force: true }));

  it('says held only for a living other owner, and never takes or changes the lock', () => {
    expect(lockHeldByAnother(file)).toBe(false);
    expect(existsSync(file)).toBe(false);
    // The parent (the test runner) is alive and is not this process.
    writeFileSync(file, String(process.ppid));
    expect(lockHeldByAnother(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(String(process.ppid));
    writeFileSync(file, String(process.pid));
    expect(lockHeldByAnother(file)).toBe(false);
    // No process has this id (above the kernel's pid_max).
    writeFileSync(file, '99999999');
    expect(lockHeldByAnother(file)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('99999999');
  });
});
