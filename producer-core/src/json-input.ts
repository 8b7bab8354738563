import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Input, InputItem } from './input.js';

export interface JsonInputOptions {
  /** A file path, or `-` for `stream`. */
  readonly path: string;
  /** Read when `path` is `-`; default `process.stdin`. */
  readonly stream?: Readable;
}

/**
 * Events as JSON from a file or stdin: NDJSON (one event per line), or one JSON document that is
 * an event or an array of events (pretty-printed or not). The first non-blank line decides: when
 * it opens an array or is not JSON by itself, the whole input is one document; otherwise it is
 * read line by line, so a 100,000-line file streams without being held whole.
 */
export function jsonInput(options: JsonInputOptions): Input {
  const label = options.path === '-' ? 'stdin' : options.path;
  return {
    name: label,
    async *items(): AsyncGenerator<InputItem> {
      const stream =
        options.path === '-' ? (options.stream ?? process.stdin) : createReadStream(options.path);
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      let number = 0;
      let document: string[] | undefined;
      let sawContent = false;
      for await (const line of lines) {
        number += 1;
        if (document !== undefined) {
          document.push(line);
          continue;
        }
        const trimmed = line.trim();
        if (trimmed === '') continue;
        const item =
          trimmed.startsWith('[') && !sawContent ? undefined : parseLine(trimmed, `${label}:${number}`);
        if (!sawContent && (item === undefined || !item.ok)) {
          document = [line];
          continue;
        }
        sawContent = true;
        if (item !== undefined) yield item;
      }
      if (document !== undefined) yield* parseDocument(document.join('\n'), label);
    },
  };
}

function parseLine(text: string, origin: string): InputItem {
  try {
    return { ok: true, origin, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, origin, reason: `not JSON: ${(error as Error).message}` };
  }
}

function* parseDocument(text: string, label: string): Generator<InputItem> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    yield { ok: false, origin: label, reason: `not JSON: ${(error as Error).message}` };
    return;
  }
  if (!Array.isArray(value)) {
    yield { ok: true, origin: label, value };
    return;
  }
  for (const [index, item] of value.entries()) {
    yield { ok: true, origin: `${label}[${index}]`, value: item as unknown };
  }
}
