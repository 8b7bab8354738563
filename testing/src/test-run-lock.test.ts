import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockTestServices } from './test-run-lock.js';

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
