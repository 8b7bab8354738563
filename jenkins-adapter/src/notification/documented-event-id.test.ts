import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEventId, buildIdentity } from './event-ids.js';

// Users copy the id formula of docs/jenkins.md into their Jenkinsfiles. These ids were computed
// outside this code, with Python 3's uuid module:
//   ns = uuid.UUID("3d0c5e8a-6f4b-4c2e-9a71-5b8e2f1d7c60")
//   uuid.uuid5(ns, "http://jenkins.example.com/job/app-build/57/#812\n" + kind)
// so a changed namespace, separator or kind name fails here even when code and docs change together.
const BUILD_URL = 'http://jenkins.example.com/job/app-build/57/';
const QUEUE_ID = 812;
const COMPUTED_WITH_PYTHON = {
  triggered: 'e8bc4490-87a8-5d6c-983f-80fe93f35c18',
  started: '71b919f6-f5b3-5aaa-99c3-f1b42c54e337',
  finished: 'fb4427d0-4dfe-59a6-af4a-49817b871ccb',
  'artifact:dist/app.tgz': 'dd410c1d-d3e8-5fe4-8aa0-1fb320c48974',
} as const;

const docs = readFileSync(fileURLToPath(new URL('../../../docs/jenkins.md', import.meta.url)), 'utf8');

describe('the event ids users compute from docs/jenkins.md', () => {
  it("are the adapter's, for every kind of build event", () => {
    const identity = buildIdentity(BUILD_URL, QUEUE_ID);
    expect({
      triggered: buildEventId(identity, 'triggered'),
      started: buildEventId(identity, 'started'),
      finished: buildEventId(identity, 'finished'),
      'artifact:dist/app.tgz': buildEventId(identity, { artifact: 'dist/app.tgz' }),
    }).toEqual(COMPUTED_WITH_PYTHON);
  });

  it("come out of the docs' one-liner as written, run by python3", () => {
    const formula = docs.split('\n').find((line) => line.startsWith("python3 -c 'import os, uuid;"));
    expect(formula, 'the formula line in docs/jenkins.md').toBeDefined();
    const computed = execFileSync('sh', ['-c', formula ?? 'false'], {
      env: { PATH: process.env['PATH'] ?? '', BUILD_URL, QUEUE_ID: String(QUEUE_ID) },
      encoding: 'utf8',
    }).trim();
    expect(computed).toBe(COMPUTED_WITH_PYTHON.triggered);
    // The Jenkinsfile example uses the same formula (a Groovy ''' string escapes the backslash).
    expect(docs).toContain(formula?.replace('\\n', '\\\\n'));
  });
});
