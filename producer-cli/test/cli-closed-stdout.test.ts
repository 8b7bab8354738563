import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '@tracey/testing';
import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';
import { installTracey, TRACEY_BUILDS, type InstalledTracey } from '@tracey/producer-cli/testing';
import { startListeningQueryApi, type ListeningQueryApi } from './listening-query-api.js';

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

describe('the installed tracey with a reader that closes stdout early', () => {
  const services = testServices();
  const release = bigRelease();
  let queryApi: ListeningQueryApi;

  beforeAll(async () => {
    queryApi = await startListeningQueryApi(services, release.events);
  }, 120_000);

  afterAll(async () => {
    await queryApi?.close();
  });

  describe.each(TRACEY_BUILDS)('tracey (%s)', (build) => {
    let tracey: InstalledTracey;

    beforeAll(() => {
      tracey = installTracey(build);
    }, 120_000);

    afterAll(() => tracey?.remove());

    it.each([
      ['search', 'search "data.identity~^pkg:npm/closed-stdout-" --page-size 1000'],
      ['trace down', `trace down ${release.clm.meta.id}`],
    ])('%s | head -1 ends quietly with exit 0', async (_name, args) => {
      const whole = await tracey.shell(`tracey ${args}`, queryApi.env);
      expect(whole.exitCode, whole.stderr).toBe(0);
      // Twice what a pipe holds (64 KiB on Linux), so tracey is still writing when head exits.
      expect(whole.stdout.length).toBeGreaterThan(128 * 1024);

      const cut = await tracey.shell(`tracey ${args} | head -1`, queryApi.env);
      expect(cut.stderr).toBe('');
      expect(cut.exitCode).toBe(0);
      expect(cut.stdout.split('\n')).toEqual([whole.stdout.split('\n')[0], '']);
    });
  });
});
