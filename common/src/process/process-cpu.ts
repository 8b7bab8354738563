import { readFileSync } from 'node:fs';

// The CPU a process of this machine has spent, from Linux /proc: what the ingest bench counts for
// every process sharing the machine, and the flood fault test for the API it runs.

/** CPU seconds (user + system) process `pid` has used, or undefined when /proc does not show it. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

// USER_HZ: 100 on every Linux architecture Node runs on.
const CLOCK_TICKS = 100;
