import { describe, expect, it } from 'vitest';
import { cdeventsProtocol, validateCdEvent } from '@tracey/schemas';
import { generateCdeventsPipeline } from './cdevents-pipeline-generator.js';

describe('generateCdeventsPipeline', () => {
  const events = generateCdeventsPipeline(1_000);

  it('makes valid CDEvents, each linking only to events before it', () => {
    expect(events).toHaveLength(1_000);
    const seen = new Set<string>();
    for (const event of events) {
      expect(validateCdEvent(event)).toMatchObject({ ok: true, verified: true });
      for (const link of cdeventsProtocol.links(event)) expect(seen.has(link.target)).toBe(true);
      seen.add(event.context.id);
    }
    expect(seen.size).toBe(1_000);
  });

  it('has the DORA chain: change, artifact, deployments, and incidents on every 10th release', () => {
    const count = (type: string) =>
      events.filter((event) => event.context.type === `dev.cdevents.${type}.0.3.0`).length;
    const builds = count('change.merged');
    expect(count('artifact.packaged')).toBeGreaterThanOrEqual(builds - 1);
    expect(count('service.upgraded')).toBeGreaterThanOrEqual(builds - 1);
    expect(count('incident.detected')).toBe(Math.floor(builds / 10));
    const times = events.map((event) => Date.parse(event.context.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
