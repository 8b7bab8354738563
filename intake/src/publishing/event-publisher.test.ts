import { describe, expect, it } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { failed } from '@tracey/producer-core';
import { MemoryOutput } from '@tracey/producer-core/testing';
import { eiffelEvent } from '@tracey/schemas';
import { EventPublisher } from './event-publisher.js';
import { SPOOL_FULL_REASON } from './intake-spool.js';

const event = () => eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/app@1' }).build();

async function codeOf(publishing: Promise<unknown>): Promise<string | undefined> {
  const error = await publishing.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return isTraceyError(error) ? error.code : undefined;
}

describe('EventPublisher', () => {
  it("tells a full spool from the failure's code, whatever its reason says", async () => {
    const full = new MemoryOutput().failNext((batch) => failed('no room left', batch, SPOOL_FULL_REASON));
    expect(await codeOf(new EventPublisher(full).publish([event()]))).toBe('ADAPTER_SPOOL_FULL');
    // A reason that merely starts with the word is no full spool.
    const refused = new MemoryOutput().failNext((batch) =>
      failed(`${SPOOL_FULL_REASON}? no: access refused`, batch),
    );
    expect(await codeOf(new EventPublisher(refused).publish([event()]))).toBe('ADAPTER_BROKER_UNAVAILABLE');
  });
});
