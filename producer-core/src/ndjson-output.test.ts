import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { testMessages } from './internal/test-messages.js';
import { NdjsonOutput } from './ndjson-output.js';

describe('NdjsonOutput', () => {
  it('writes one body per line to a stream', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const output = new NdjsonOutput({ stream });
    expect(output.name).toBe('stdout');
    expect(await output.publish(testMessages(2))).toEqual({ kind: 'success', spooled: 0, unroutable: [] });
    expect(chunks.join('').split('\n')).toEqual([...testMessages(2).map((m) => m.body), '']);
  });

  it('appends to a file across runs and reports a file it cannot write as a failure', async () => {
    const dir = await mkdtemp(`${tmpdir()}/tracey-ndjson-`);
    try {
      for (const prefix of ['a', 'b']) {
        const output = new NdjsonOutput({ path: `${dir}/events.ndjson` });
        await output.publish(testMessages(1, prefix));
        await output.shutdown();
      }
      const lines = (await readFile(`${dir}/events.ndjson`, 'utf8')).trim().split('\n');
      expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(['a0', 'b0']);
      const broken = new NdjsonOutput({ path: `${dir}/missing/events.ndjson` });
      expect((await broken.publish(testMessages(1))).kind).toBe('failure');
      await broken.shutdown();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
