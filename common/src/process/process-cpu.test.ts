import { describe, expect, it } from 'vitest';
import { processCpuSeconds } from './process-cpu.js';

describe('processCpuSeconds', () => {
  it('counts the CPU time this process spends', () => {
    const before = processCpuSeconds(process.pid) ?? Number.NaN;
    // Spins for 150 ms of this process's CPU (Node's own count), not of the clock: on a loaded
    // machine 150 ms of the clock held as little as 80 ms of CPU.
    const start = process.cpuUsage();
    const spent = () => {
      const { user, system } = process.cpuUsage(start);
      return (user + system) / 1e6;
    };
    while (spent() < 0.15) Math.sqrt(Math.random());
    const after = processCpuSeconds(process.pid) ?? Number.NaN;
    // /proc counts in ticks of 10 ms.
    expect(after - before).toBeGreaterThanOrEqual(0.13);
    expect(after - before).toBeLessThan(spent() + 0.5);
  });

  it('answers nothing for a process that is not there', () => {
    expect(processCpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });
});
