import { buildCdEvent, type CdEvent } from '@tracey/schemas';

/**
 * A CDEvents pipeline of `count` events in pipeline order, as a DORA setup emits it: per build a
 * change merged, the artifact packaged from it and published, then deployed to staging and to
 * production (each event following the one before with a PATH link), and an incident detected
 * and resolved against every 10th production deployment (RELATION links to it). Services share
 * their environments, so the environment ids are hot properties. Ids are UUIDs, times one
 * second apart from `start`.
 */
export function generateCdeventsPipeline(count: number, start = Date.UTC(2026, 0, 1)): CdEvent[] {
  const events: CdEvent[] = [];
  let time = start;
  const add = (
    type: string,
    subject: { id: string; content: Record<string, unknown> },
    links: CdEvent['context']['links'] = [],
  ): CdEvent => {
    time += 1_000;
    const event = buildCdEvent({
      type: `dev.cdevents.${type}.0.3.0`,
      source: '/bench/ci',
      subject,
      links: links ?? [],
      time: new Date(time),
    });
    events.push(event);
    return event;
  };
  const follows = (event: CdEvent) => [{ linkType: 'PATH', from: { contextId: event.context.id } }];
  for (let build = 0; events.length < count; build++) {
    const service = `service-${build % 20}`;
    const change = `https://git.example.com/acme/${service}/pull/${build}`;
    const purl = `pkg:oci/${service}@sha256%3A${build.toString(16).padStart(12, '0')}`;
    const merged = add('change.merged', { id: change, content: { repository: { id: `acme/${service}` } } });
    const packaged = add(
      'artifact.packaged',
      { id: purl, content: { change: { id: change } } },
      follows(merged),
    );
    const published = add('artifact.published', { id: purl, content: {} }, follows(packaged));
    const staging = add(
      'service.deployed',
      { id: service, content: { environment: { id: 'staging' }, artifactId: purl } },
      follows(published),
    );
    const production = add(
      'service.upgraded',
      { id: service, content: { environment: { id: 'production' }, artifactId: purl } },
      follows(staging),
    );
    if (build % 10 === 9) {
      const incident = {
        id: `INC-${build}`,
        content: { environment: { id: 'production' }, artifactId: purl },
      };
      const relation = [
        { linkType: 'RELATION', linkKind: 'TRIGGER', target: { contextId: production.context.id } },
      ];
      const detected = add('incident.detected', incident, relation);
      add('incident.resolved', incident, follows(detected));
    }
  }
  return events.slice(0, count);
}
