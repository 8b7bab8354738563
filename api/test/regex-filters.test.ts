import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices, useTimedTestLock } from '@tracey/testing';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';

// Values built to make a backtracking engine explode on the patterns below: long runs of `a`
// that end in a character the patterns cannot match, so a backtracking engine tries every way
// of splitting the run before giving up (2^n for `^(a+)+$`).
const HOSTILE_LENGTHS = [30, 31, 1_000, 5_000];
const hostile = (length: number) => `${'a'.repeat(length)}!`;

// Each pattern with how many of the stored events it matches (`(.*a){25}`: 25 a's or more).
const CATASTROPHIC: Readonly<Record<string, number>> = {
  '^(a+)+$': 0,
  '(.*a){25}': 12,
  '^(a|aa)+$': 0,
  '^(a*)*$': 0,
  '^((a+)+)+b': 0,
  '(a|a?)+!x': 0,
};
const PATTERNS = Object.keys(CATASTROPHIC);
// One field checked on the JSON only, one that has an indexed node property.
const FIELDS = ['data.customData.value', 'meta.source.name'];

function hostileEvent(length: number, index: number): unknown {
  return {
    meta: {
      id: randomUUID(),
      type: 'EiffelArtifactCreatedEvent',
      version: '3.0.0',
      time: 1_800_000_000_000 + index,
      source: { name: hostile(length) },
    },
    data: {
      identity: `pkg:npm/hostile@1.0.${index}`,
      customData: [{ key: 'value', value: hostile(length) }],
    },
    links: [],
  };
}

/** Prints a measured figure beside the test results. */
const report = (line: string) => process.stdout.write(`${line}\n`);

async function timed(url: string): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return { status: response.status, ms: performance.now() - started, body };
}

/** Starts the requests at once from a child process; their statuses and times (ms). */
async function runSearchesElsewhere(urls: readonly string[]): Promise<{ status: number; ms: number }[]> {
  const script = `
    const urls = JSON.parse(process.argv[1]);
    const one = async (url) => {
      const started = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    };
    Promise.all(urls.map(one)).then((answers) => process.stdout.write(JSON.stringify(answers)));
  `;
  const child = spawn(process.execPath, ['-e', script, JSON.stringify(urls)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the searching process exited with ${String(code)}`);
  return JSON.parse(out) as { status: number; ms: number }[];
}

describe('regular expressions of /events filters run on RE2 over hostile stored values', () => {
  // Its bounds are latencies: measured while no other suite's timed tests load the machine.
  useTimedTestLock();
  const services = testServices();
  let api: QueryApiHarness;
  let base: string;

  beforeAll(async () => {
    const raw = HOSTILE_LENGTHS.flatMap((length, i) => [0, 1, 2].map((j) => hostileEvent(length, i * 3 + j)));
    api = await startQueryApi(services, { raw });
    base = await api.app.listen({ host: '127.0.0.1', port: 0 });
    // Warm up: the first request compiles the routes' code and Neo4j plans the search.
    for (const field of FIELDS) expect((await timed(`${base}/events?${field}~x`)).status).toBe(200);
  });

  afterAll(() => api.close());

  // Best of 3: a backtracking engine takes seconds to forever on these, RE2 milliseconds; the
  // retries only absorb a busy machine's scheduling (2 cores, Neo4j beside the test).
  it.each(FIELDS.flatMap((field) => PATTERNS.map((pattern) => [field, pattern])))(
    '%s~%s answers within 100 ms',
    async (field, pattern) => {
      const url = `${base}/events?${field}~${encodeURIComponent(pattern)}`;
      const times: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const answer = await timed(url);
        expect(answer.status, answer.body).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ totalNumberItems: CATASTROPHIC[pattern] });
        times.push(answer.ms);
      }
      report(`GET /events?${field}~${pattern}: ${times.map((ms) => ms.toFixed(1)).join(', ')} ms`);
      expect(Math.min(...times)).toBeLessThanOrEqual(100);
    },
  );

  it('still finds what a pattern matches, on both kinds of field', async () => {
    for (const field of FIELDS) {
      const answer = await timed(`${base}/events?${field}~${encodeURIComponent('^a{1000}!$')}`);
      expect(answer.status, answer.body).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ totalNumberItems: 3 });
    }
  });

  it('keeps /health within 50 ms while 8 catastrophic searches run at once', async () => {
    const urls = Array.from({ length: 8 }, (_, i) => {
      const field = FIELDS[i % FIELDS.length] ?? 'data.customData.value';
      const pattern = PATTERNS[i % PATTERNS.length] ?? '^(a+)+$';
      return `${base}/events?${field}~${encodeURIComponent(pattern)}`;
    });
    // The searches come from another process, as they would from other clients: this one's
    // event loop is the API's, and only /health is asked from here.
    const searches = runSearchesElsewhere(urls);
    const health: number[] = [];
    let pending = true;
    const all = searches.finally(() => (pending = false));
    do {
      const answer = await timed(`${base}/health`);
      expect(answer.status).toBe(200);
      health.push(answer.ms);
    } while (pending);
    const answers = await all;
    const sorted = [...health].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? Infinity;
    const max = sorted.at(-1) ?? Infinity;
    report(
      `8 concurrent searches: ${answers.map((a) => `${a.status} in ${a.ms.toFixed(1)}`).join(', ')} ms; ` +
        `/health meanwhile ${health.length}×: median ${(sorted[sorted.length >> 1] ?? 0).toFixed(1)}, ` +
        `p95 ${p95.toFixed(1)}, max ${max.toFixed(1)} ms`,
    );
    for (const answer of answers) expect(answer.status).toBe(200);
    // A regex holding the event loop would hold every /health asked meanwhile (the issue saw
    // 41 s). The 95th percentile is held to 50 ms and no answer may stall: on a shared 2-core
    // machine an idle API's /health alone shows scheduling outliers near 100 ms.
    expect(p95).toBeLessThanOrEqual(50);
    expect(max).toBeLessThanOrEqual(500);
  });

  it('refuses what RE2 lacks with a 400 naming the construct', async () => {
    const cases: [string, string][] = [
      ['data.customData.value~^(?=a)', '`(?=`'],
      ['data.customData.value~(a)\\1', '`\\1`'],
      ['meta.source.name~(?<!b)a', '`(?<!b)a`'],
    ];
    for (const [filter, construct] of cases) {
      const response = await api.app.inject({ url: `/events?${encodeURI(filter)}` });
      expect(response.statusCode, filter).toBe(400);
      const error = response.json<{
        error: { code: string; message: string; details: { parameter: string } };
      }>().error;
      expect(error.code).toBe('API_BAD_REQUEST');
      expect(error.message).toContain(construct);
      expect(error.message).toContain('RE2');
      expect(error.details.parameter).toBe(filter.split('~')[0]);
    }
  });
});
