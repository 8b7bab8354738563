/**
 * A one-line progress display on a terminal; silent when the stream is not a TTY (logs, CI).
 * Not oclif's `ux.action`: while an action runs it replaces `process.stdout.write` and
 * `process.stderr.write` and holds everything written until it stops, so `publish --output stdout`
 * would keep every event in memory and a reader (`| head`) would see none until the end.
 */
export class ProgressLine {
  #last = 0;
  readonly #active: boolean;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.#active = stream.isTTY;
  }

  update(read: number, accepted: number, invalid: number): void {
    if (!this.#active) return;
    const now = performance.now();
    if (now - this.#last < 100) return; // redraw at most ten times a second
    this.#last = now;
    const width = 30;
    const spinner = Math.floor(now / 100) % width;
    const bar = Array.from({ length: width }, (_, i) => (i === spinner ? '>' : '=')).join('');
    this.stream.write(`\r[${bar}] read ${read}, published ${accepted}, invalid ${invalid}`);
  }

  done(): void {
    if (this.#active && this.#last > 0) this.stream.write('\r\x1b[K');
  }
}
