import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cdeventsTypeLabel } from './cdevents/cdevents-type.js';
import { eiffelEvent } from './eiffel/eiffel-event-builder.js';
import { pipelineProtocol } from './pipeline-protocol.js';
import { protocolUnion } from './protocol-union.js';
import { eiffelProtocol } from './eiffel/eiffel-protocol.js';

const fixtures = (
  process.env['TRACEY_FIXTURES_DIR'] ?? fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url))
).replace(/\/$/, '');
const deployed = JSON.parse(
  readFileSync(`${fixtures}/cdevents/v0.5.1/conformance/service_deployed.json`, 'utf8'),
) as unknown;

describe('pipelineProtocol: Eiffel and CDEvents on one queue', () => {
  it('reads each event with its own protocol', () => {
    const eiffel = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/a@1' }).build();
    const parsedEiffel = pipelineProtocol.parse(JSON.parse(JSON.stringify(eiffel)));
    expect(parsedEiffel).toMatchObject({ ok: true, verified: true });
    if (!parsedEiffel.ok) return;
    expect(pipelineProtocol.eventId(parsedEiffel.event)).toBe(eiffel.meta.id);
    expect(pipelineProtocol.routingKey(parsedEiffel.event)).toMatch(/^eiffel\.artifact\./);

    const parsedCd = pipelineProtocol.parse(deployed);
    expect(parsedCd).toMatchObject({ ok: true, verified: true });
    if (!parsedCd.ok) return;
    expect(pipelineProtocol.eventId(parsedCd.event)).toBe('271069a8-fc18-44f1-b38f-9d70a1695819');
    expect(pipelineProtocol.routingKey(parsedCd.event)).toBe('cdevents.service.deployed.0.3.0');
    expect(pipelineProtocol.eventType(parsedCd.event)).toBe('dev.cdevents.service.deployed.0.3.0');
  });

  it("gives what is neither Eiffel's errors, as before CDEvents", () => {
    expect(pipelineProtocol.parse({})).toEqual(eiffelProtocol.parse({}));
    expect(pipelineProtocol.parse('text')).toEqual(eiffelProtocol.parse('text'));
  });

  it('refuses to join protocols of different content types, or none', () => {
    expect(() => protocolUnion('none', [])).toThrow(/no members/);
    const xml = { ...eiffelProtocol, contentType: 'application/xml' };
    expect(() =>
      protocolUnion('mixed', [
        { protocol: eiffelProtocol, claims: () => true },
        { protocol: xml, claims: () => false },
      ]),
    ).toThrow(/one content type/);
  });
});

describe('cdeventsTypeLabel', () => {
  it('names every version of a type alike, compound subjects in camel case', () => {
    expect(cdeventsTypeLabel('dev.cdevents.service.deployed.0.3.0')).toBe('CDServiceDeployed');
    expect(cdeventsTypeLabel('dev.cdevents.service.deployed.0.1.1')).toBe('CDServiceDeployed');
    expect(cdeventsTypeLabel('dev.cdevents.testcaserun.finished.0.2.0')).toBe('CDTestCaseRunFinished');
    expect(cdeventsTypeLabel('dev.cdevents.pipelinerun.queued.0.2.0')).toBe('CDPipelineRunQueued');
    expect(cdeventsTypeLabel('dev.cdeventsx.tool-thing.done.0.1.0')).toBeUndefined();
    expect(cdeventsTypeLabel('EiffelArtifactCreatedEvent')).toBeUndefined();
  });
});
