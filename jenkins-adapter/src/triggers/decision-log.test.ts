import { describe, expect, it } from 'vitest';
import { DecisionLog } from './decision-log.js';

const entry = (eventId: string) =>
  ({ rule: 'r', eventId, eventType: 'EiffelArtifactCreatedEvent', decision: 'fired', reason: 'ok' }) as const;

describe('DecisionLog', () => {
  it('answers newest first, at most limit, and drops the oldest beyond its capacity', () => {
    const log = new DecisionLog(3);
    for (const id of ['e1', 'e2', 'e3', 'e4']) log.add(entry(id));
    expect(log.newest(10).map((item) => item.eventId)).toEqual(['e4', 'e3', 'e2']);
    expect(log.newest(1).map((item) => item.eventId)).toEqual(['e4']);
    expect(log.droppedCount).toBe(1);
    expect(log.newest(1)[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
