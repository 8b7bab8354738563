import { describe, expect, it } from 'vitest';
import { eiffelProtocol, isLegalLinkTarget, type EiffelEvent } from '@tracey/schemas';

const nameOf = (event: EiffelEvent | undefined): unknown =>
  (event?.data as { name?: unknown } | undefined)?.name;
import { generateRealisticPipeline } from './realistic-pipeline-generator.js';

describe('realistic pipeline generator', () => {
  const events = generateRealisticPipeline(20_000);
  const byId = new Map(events.map((event) => [event.meta.id, event]));
  const inDegree = new Map<string, number>();
  for (const event of events) {
    for (const link of event.links) inDegree.set(link.target, (inDegree.get(link.target) ?? 0) + 1);
  }
  const hottest = (type: string): number[] =>
    events
      .filter((event) => event.meta.type === type)
      .map((event) => inDegree.get(event.meta.id) ?? 0)
      .sort((a, b) => b - a);

  it('makes valid events, every link legal and to an event emitted before it', () => {
    expect(byId.size).toBe(events.length);
    const seen = new Set<string>();
    for (const event of events) {
      const parsed = eiffelProtocol.parse(JSON.parse(JSON.stringify(event)));
      expect(parsed.ok && parsed.verified, event.meta.type).toBe(true);
      for (const link of event.links) {
        expect(seen.has(link.target)).toBe(true);
        const target: EiffelEvent | undefined = byId.get(link.target);
        expect(
          isLegalLinkTarget(event.meta.type, event.meta.version, link.type, target?.meta.type ?? ''),
          `${event.meta.type} ${link.type} ${target?.meta.type}`,
        ).toBe(true);
      }
      seen.add(event.meta.id);
    }
  });

  it('has the hot nodes of a real graph: flow contexts, libraries, epics', () => {
    const builds = events.filter((event) => event.meta.type === 'EiffelSourceChangeCreatedEvent').length;
    // Two release trains share nine in ten builds' changes, activities, compositions, artifacts.
    expect(hottest('EiffelFlowContextDefinedEvent')[0]).toBeGreaterThan(builds * 2);
    // The most used library is in nearly every component composition.
    const compositions = events.filter((event) => event.meta.type === 'EiffelCompositionDefinedEvent').length;
    expect(hottest('EiffelArtifactCreatedEvent')[0]).toBeGreaterThan(compositions * 0.5);
    // An epic is named by a fiftieth of all changes or more.
    expect(hottest('EiffelIssueDefinedEvent')[0]).toBeGreaterThan(builds / 50);
  });

  it('has diamonds and system compositions across components', () => {
    const systems = events.filter(
      (event) => event.meta.type === 'EiffelCompositionDefinedEvent' && nameOf(event) === 'shop-system',
    );
    expect(systems.length).toBeGreaterThan(10);
    expect(
      Math.max(...systems.map((event) => event.links.filter((link) => link.type === 'ELEMENT').length)),
    ).toBe(12);
    // A component artifact is an element of another component's composition.
    const componentElements = events
      .filter(
        (event) => event.meta.type === 'EiffelCompositionDefinedEvent' && nameOf(event) !== 'shop-system',
      )
      .flatMap((event) => event.links.filter((link) => link.type === 'ELEMENT'))
      .filter((link) => String(nameOf(byId.get(link.target))).startsWith('component-'));
    expect(componentElements.length).toBeGreaterThan(100);
  });

  it('carries payloads the size of the official examples (median 0.8–1.3 KB)', () => {
    const sizes = events.map((event) => JSON.stringify(event).length).sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)]!;
    expect(median).toBeGreaterThan(600);
    expect(median).toBeLessThan(1_400);
  });
});
