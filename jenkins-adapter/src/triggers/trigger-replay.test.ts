import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParkedTriggers } from './parked-triggers.js';
import { replayParked, TriggerParking, type ReplayHost, type RunOutcome } from './trigger-replay.js';
import { triggerRuleSchema, type TriggerRule } from './trigger-rule.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(`${tmpdir()}/tracey-trigger-replay-`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rule = (narrowing: Record<string, unknown> = {}): TriggerRule =>
  triggerRuleSchema.parse({
    name: 'deploy',
    bindingKeys: ['eiffel.#'],
    action: { type: 'webhook', url: 'http://127.0.0.1:1/hook' },
    ...narrowing,
  });
const event = { meta: { id: 'e1', type: 'EiffelArtifactCreatedEvent' }, data: { identity: 'pkg:npm/app@1' } };
const request = { rule: 'deploy', eventId: 'e1', eventType: 'EiffelArtifactCreatedEvent', event };

async function parking(): Promise<TriggerParking> {
  return new TriggerParking(await ParkedTriggers.open(dir), () => undefined);
}

function host(parked: TriggerParking, current: TriggerRule, runs: string[]): ReplayHost {
  return {
    parking: parked,
    signal: new AbortController().signal,
    rule: (name) => (name === current.name ? current : undefined),
    busy: () => false,
    fired: () => false,
    tryOnce: (_rule, entry): Promise<RunOutcome> => {
      runs.push(entry.eventId);
      return Promise.resolve({ kind: 'fired', detail: 'ran' });
    },
  };
}

describe('replayParked', () => {
  it("checks the rule's current event types and conditions: a narrowed rule runs nothing", async () => {
    const parked = await parking();
    await parked.park({ ...request, parkedAt: '2026-12-01T00:00:00.000Z' }, { reason: 'down', attempts: 5 });
    const runs: string[] = [];
    const typed = rule({ eventTypes: ['EiffelCompositionDefinedEvent'] });
    expect((await replayParked(host(parked, typed, runs), {})).results).toEqual([
      {
        rule: 'deploy',
        eventId: 'e1',
        outcome: 'not-matched',
        reason: 'type EiffelArtifactCreatedEvent is not one the rule takes',
      },
    ]);

    await parked.park({ ...request, parkedAt: '2026-12-01T00:00:00.000Z' }, { reason: 'down', attempts: 5 });
    const conditioned = rule({ conditions: [{ path: 'data.identity', matches: '^pkg:maven/' }] });
    const [result] = (await replayParked(host(parked, conditioned, runs), {})).results;
    expect(result).toMatchObject({
      outcome: 'not-matched',
      reason: expect.stringMatching(/^not: /) as unknown,
    });
    expect(runs).toEqual([]);
    expect(parked.store.size).toBe(0);

    // A rule whose condition holds on the event (read from its file) still runs.
    await parked.park({ ...request, parkedAt: '2026-12-01T00:00:00.000Z' }, { reason: 'down', attempts: 5 });
    const npm = rule({ conditions: [{ path: 'data.identity', matches: '^pkg:npm/' }] });
    expect((await replayParked(host(parked, npm, runs), {})).results).toMatchObject([{ outcome: 'fired' }]);
    expect(runs).toEqual(['e1']);
  });

  it('tries at most `limit`, oldest first, and says how many it left parked', async () => {
    const parked = await parking();
    for (const [index, id] of ['e3', 'e1', 'e2'].entries()) {
      await parked.park(
        { ...request, eventId: id, parkedAt: `2026-12-0${3 - index}T00:00:00.000Z` },
        { reason: 'down', attempts: 1 },
      );
    }
    const runs: string[] = [];
    const answer = await replayParked(host(parked, rule(), runs), { limit: 2 });
    expect(answer.results.map((result) => result.eventId)).toEqual(['e2', 'e1']);
    expect(answer.notTried).toBe(1);
    expect(parked.store.list().map((entry) => entry.eventId)).toEqual(['e3']);
  });
});

describe('TriggerParking', () => {
  it('keeps when a pair was first parked and adds up its attempts when it is parked again', async () => {
    const parked = await parking();
    await parked.park({ ...request, parkedAt: '2026-12-01T00:00:00.000Z' }, { reason: 'down', attempts: 5 });
    // The event delivered again fails again: the service parks it with a fresh time.
    await parked.park(
      { ...request, parkedAt: '2026-12-02T00:00:00.000Z' },
      { reason: 'still down', attempts: 5 },
    );
    expect(parked.store.get('deploy', 'e1')).toMatchObject({
      parkedAt: '2026-12-01T00:00:00.000Z',
      attempts: 10,
      reason: 'still down',
    });
    // A restart reads the same.
    const reopened = await ParkedTriggers.open(dir);
    expect(reopened.get('deploy', 'e1')).toMatchObject({ attempts: 10 });
    // Events stay in their files, not in memory, until a replay reads one.
    expect(parked.store.get('deploy', 'e1')).not.toHaveProperty('event');
    expect(reopened.list()[0]).not.toHaveProperty('event');
    expect(await reopened.withEvent('deploy', 'e1')).toMatchObject({ event });
  });
});
