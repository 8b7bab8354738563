/** Longest line kept whole; a longer one is cut there, so a runaway line cannot grow memory. */
export const MAX_LINE_CHARS = 64 * 1024;

/** Splits a stream's chunks into lines (`\n` or `\r\n`), keeping the unfinished tail for later. */
export class LineSplitter {
  #tail = '';

  /** The complete lines `chunk` finishes. */
  push(chunk: string): string[] {
    const parts = `${this.#tail}${chunk}`.split('\n');
    this.#tail = parts.pop() ?? '';
    const lines = parts.map((line) => line.replace(/\r$/, ''));
    while (this.#tail.length > MAX_LINE_CHARS) {
      lines.push(this.#tail.slice(0, MAX_LINE_CHARS));
      this.#tail = this.#tail.slice(MAX_LINE_CHARS);
    }
    return lines;
  }

  /** The unfinished last line, if any (the stream ended). */
  flush(): string[] {
    const rest = this.#tail.replace(/\r$/, '');
    this.#tail = '';
    return rest === '' ? [] : [rest];
  }
}
