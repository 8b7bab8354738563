import { describe, expect, it } from 'vitest';
import type { Delivery } from '@tracey/amqp';
import { parseWhereExpression, type EventCondition } from '@tracey/producer-core';
import { eiffelEvent } from '@tracey/schemas';
import { EventListener, type EventCommand } from './event-listener.js';

function where(text: string): EventCondition {
  const parsed = parseWhereExpression(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.condition;
}

function delivery(identity: string): Delivery {
  const event = eiffelEvent('EiffelArtifactCreatedEvent', { identity }).build();
  return {
    body: Buffer.from(JSON.stringify(event)),
    routingKey: 'eiffel.artifact.EiffelArtifactCreatedEvent._._',
    messageId: event.meta.id,
    redelivered: false,
  };
}

function listener(exits: number[], maxAttempts = 3) {
  const runs: { input: string; env: Readonly<Record<string, string>> }[] = [];
  const reports: string[] = [];
  const run: EventCommand = (input, env) => {
    runs.push({ input: input.toString('utf8'), env });
    return Promise.resolve({ code: exits.shift() ?? 0, signal: null });
  };
  const subject = new EventListener({
    conditions: [where('data.identity~^pkg:npm/')],
    run,
    maxAttempts,
    retry: { initialDelayMs: 1, maxDelayMs: 1 },
    report: (line) => reports.push(line),
  });
  return { subject, runs, reports };
}

const signal = new AbortController().signal;

describe('EventListener', () => {
  it('runs the command with the event on stdin and its id and type in the environment, then acks', async () => {
    const { subject, runs } = listener([0]);
    const message = delivery('pkg:npm/app@1.0.0');
    expect(await subject.handle(message, signal)).toBe('ack');
    expect(runs).toEqual([
      {
        input: message.body.toString('utf8'),
        env: {
          TRACEY_EVENT_ID: message.messageId,
          TRACEY_EVENT_TYPE: 'EiffelArtifactCreatedEvent',
          TRACEY_ROUTING_KEY: message.routingKey,
        },
      },
    ]);
    expect(subject.successCount).toBe(1);
  });

  it('acks events that do not match, or are not valid events, without running anything', async () => {
    const { subject, runs, reports } = listener([]);
    expect(await subject.handle(delivery('pkg:maven/a/b@1'), signal)).toBe('ack');
    const bad = { ...delivery('pkg:npm/x@1'), body: Buffer.from('{"meta": {}}') };
    expect(await subject.handle(bad, signal)).toBe('ack');
    expect(await subject.handle({ ...bad, body: Buffer.from('nope') }, signal)).toBe('ack');
    expect(runs).toEqual([]);
    expect(reports).toHaveLength(2);
  });

  it('requeues a failing command until it succeeds, and gives up after maxAttempts', async () => {
    const { subject, runs, reports } = listener([1, 2, 0, 1, 1, 1]);
    const first = delivery('pkg:npm/app@1.0.0');
    expect(await subject.handle(first, signal)).toBe('requeue');
    expect(await subject.handle(first, signal)).toBe('requeue');
    expect(await subject.handle(first, signal)).toBe('ack');
    const second = delivery('pkg:npm/app@2.0.0');
    expect(await subject.handle(second, signal)).toBe('requeue');
    expect(await subject.handle(second, signal)).toBe('requeue');
    expect(await subject.handle(second, signal)).toBe('reject');
    expect(runs).toHaveLength(6);
    expect(reports.at(-1)).toBe(
      `the command failed for event ${second.messageId} (EiffelArtifactCreatedEvent) 3 times (last: exit code 1); giving up on it`,
    );
  });
});
