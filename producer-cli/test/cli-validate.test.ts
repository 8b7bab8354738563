import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eiffelEvent } from '@tracey/schemas';
import { runTracey } from './run-tracey.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(`${tmpdir()}/tracey-validate-`);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('tracey validate', () => {
  it('counts valid and invalid events per file and lists each problem (exit 2)', async () => {
    const good = JSON.stringify(
      eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/a@1' }).build(),
    );
    await writeFile(`${work}/good.ndjson`, `${good}\n${good}\n`);
    await writeFile(`${work}/bad.json`, JSON.stringify([JSON.parse(good), { meta: { id: 'x' } }]));
    const ok = await runTracey(['validate', `${work}/good.ndjson`], {});
    expect(ok).toEqual({ exitCode: 0, stdout: `${work}/good.ndjson: 2 valid, 0 invalid\n`, stderr: '' });
    const bad = await runTracey(['validate', `${work}/good.ndjson`, `${work}/bad.json`], {});
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toContain(`${work}/bad.json: 1 valid, 1 invalid`);
    expect(bad.stderr).toMatch(new RegExp(`^ {2}${work}/bad\\.json\\[1\\]: meta\\.id: `, 'm'));
  });
});

describe('tracey schema', () => {
  it('prints the JSON Schema of a type, short names accepted', async () => {
    const run = await runTracey(['schema', 'ArtifactPublished'], {});
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      title: expect.stringMatching(/^EiffelArtifactPublishedEvent /) as unknown,
    });
    expect((await runTracey(['schema', 'Nope'], {})).exitCode).toBe(2);
  });
});

describe('configuration', () => {
  it('exits 2 listing every bad variable', async () => {
    const run = await runTracey(['spool', 'status'], {
      TRACEY_AMQP_URL: 'http://x',
      TRACEY_CONFIRM_MS: '5',
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('tracey: invalid configuration (2 problems)');
    expect(run.stderr).not.toContain('tracey: tracey:');
    expect(run.stderr).toContain('TRACEY_AMQP_URL: must use one of the schemes amqp://, amqps://');
  });
});
