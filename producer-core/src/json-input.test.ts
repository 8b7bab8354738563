import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { InputItem } from './input.js';
import { jsonInput } from './json-input.js';

async function read(text: string): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of jsonInput({ path: '-', stream: Readable.from([text]) }).items()) items.push(item);
  return items;
}

describe('jsonInput', () => {
  it('reads NDJSON line by line, naming bad lines by number', async () => {
    expect(await read('{"a":1}\n\n{"a":2}\n{oops\n')).toEqual([
      { ok: true, origin: 'stdin:1', value: { a: 1 } },
      { ok: true, origin: 'stdin:3', value: { a: 2 } },
      { ok: false, origin: 'stdin:4', reason: expect.stringMatching(/^not JSON: /) as unknown },
    ]);
  });

  it('reads a JSON array of events', async () => {
    expect(await read('\n[\n  {"a": 1},\n  {"a": 2}\n]\n')).toEqual([
      { ok: true, origin: 'stdin[0]', value: { a: 1 } },
      { ok: true, origin: 'stdin[1]', value: { a: 2 } },
    ]);
  });

  it('reads one pretty-printed event', async () => {
    expect(await read('{\n  "a": 1\n}\n')).toEqual([{ ok: true, origin: 'stdin', value: { a: 1 } }]);
  });

  it('reports a document that is not JSON', async () => {
    expect(await read('[1,\n')).toEqual([
      { ok: false, origin: 'stdin', reason: expect.stringMatching(/^not JSON: /) as unknown },
    ]);
  });
});
