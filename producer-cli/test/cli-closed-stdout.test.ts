import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '@tracey/testing';
import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';
import { startListeningQueryApi, type ListeningQueryApi } from './listening-query-api.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

// A release made of many third-party components: its report and the search for them are far
// larger than a pipe's buffer, so `head -1` closes the pipe while tracey is still writing.
function bigRelease(): { events: EiffelEvent[]; clm: EiffelEvent } {
  let clock = Date.parse('2026-11-23T10:00:00.000Z');
  const at = () => ({ time: (clock += 1_000) });
  const components = Array.from(
    { length: 800 },
    (_, index) =>
      eiffelEvent(
        'EiffelArtifactCreatedEvent',
        { identity: `pkg:npm/closed-stdout-${index}@1.0.0` },
        at(),
      ).build() as EiffelEvent,
  );
  let composition = eiffelEvent('EiffelCompositionDefinedEvent', { name: 'big' }, at());
  for (const component of components) composition = composition.link('ELEMENT', component.meta.id);
  const cd = composition.build() as EiffelEvent;
  const art = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/big@1.0.0' }, at())
    .link('COMPOSITION', cd.meta.id)
    .build() as EiffelEvent;
  const clm = eiffelEvent('EiffelConfidenceLevelModifiedEvent', { name: 'release', value: 'SUCCESS' }, at())
    .link('SUBJECT', art.meta.id)
    .build() as EiffelEvent;
  return { events: [...components, cd, art, clm], clm };
}

interface ShellRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node producer-cli/bin/run.js <args> <tail>` in bash with pipefail, as a build script
 * would (asynchronously: the query API it asks runs in this process).
 */
function shell(args: string, tail: string, env: Readonly<Record<string, string>>): Promise<ShellRun> {
  const script = `set -o pipefail; "${process.execPath}" producer-cli/bin/run.js ${args} ${tail}`;
  // stdin from /dev/null: on a socket bash would read ~/.bashrc as if started by rshd.
  const child = spawn('bash', ['-c', script], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr })));
}

describe('the built tracey binary with a reader that closes stdout early', () => {
  const services = testServices();
  const release = bigRelease();
  let queryApi: ListeningQueryApi;

  beforeAll(async () => {
    // The binary runs from its build, as users run it (CI has built it already).
    const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'producer-cli'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(build.status, build.stdout).toBe(0);
    queryApi = await startListeningQueryApi(services, release.events);
  }, 120_000);

  afterAll(async () => {
    await queryApi.close();
  });

  it.each([
    ['search', 'search "data.identity~^pkg:npm/closed-stdout-" --page-size 1000'],
    ['trace down', `trace down ${release.clm.meta.id}`],
  ])('%s | head -1 ends quietly with exit 0', async (_name, args) => {
    const whole = await shell(args, '', queryApi.env);
    expect(whole.exitCode, whole.stderr).toBe(0);
    // Twice what a pipe holds (64 KiB on Linux), so tracey is still writing when head exits.
    expect(whole.stdout.length).toBeGreaterThan(128 * 1024);

    const cut = await shell(args, '| head -1', queryApi.env);
    expect(cut.stderr).toBe('');
    expect(cut.exitCode).toBe(0);
    expect(cut.stdout.split('\n')).toEqual([whole.stdout.split('\n')[0], '']);
  });
});
