/**
 * Prints one fault's figures (counts, durations) as a line on stderr, so a run's log holds what
 * docs/RELIABILITY.md reports.
 */
export function reportFigures(fault: string, figures: Readonly<Record<string, unknown>>): void {
  process.stderr.write(`[faults] ${fault} ${JSON.stringify(figures)}\n`);
}
