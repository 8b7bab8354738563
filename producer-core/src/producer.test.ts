import { describe, expect, it } from 'vitest';
import { eiffelEvent } from '@tracey/schemas';
import { tickProtocol } from '@tracey/schemas/testing';
import { eiffelProtocol } from '@tracey/schemas';
import { valuesInput } from './input.js';
import { MemoryOutput } from './testing/memory-output.js';
import { retryable } from './output.js';
import { createProducer } from './producer.js';

const tick = (id: string, at = 1) => ({ id, kind: 'tick', at });

describe('createProducer', () => {
  it('validates with its protocol and publishes in batches, whatever the protocol', async () => {
    const output = new MemoryOutput();
    const progress: number[] = [];
    const producer = createProducer({
      input: valuesInput([tick('a'), tick('b'), tick('c')]),
      protocol: tickProtocol,
      outputs: output,
      batchSize: 2,
      onProgress: (report) => progress.push(report.accepted),
    });
    const report = await producer.run();
    expect(report).toMatchObject({ read: 3, accepted: 3, spooled: 0, rejectedCount: 0, failed: 0 });
    expect(progress).toEqual([2, 3]);
    expect(output.messages[0]).toEqual({
      routingKey: 'tick.tick',
      contentType: 'application/vnd.tracey.tick+json',
      messageId: 'a',
      body: JSON.stringify({ id: 'a', kind: 'tick', at: 1, after: [] }),
    });
  });

  it('rejects an event over maxEventBytes as event-too-large and publishes the others', async () => {
    const output = new MemoryOutput();
    const big = tick('x'.repeat(2_000));
    const report = await createProducer({
      input: valuesInput([tick('a'), big, tick('b')]),
      protocol: tickProtocol,
      outputs: output,
      maxEventBytes: 1_024,
    }).run();
    expect(report).toMatchObject({ read: 3, accepted: 2, rejectedCount: 1 });
    expect(report.rejected[0]?.issues[0]?.message).toMatch(
      /^event-too-large: the event is \d+ bytes of JSON, over the maximum of 1024 \(TRACEY_MAX_EVENT_BYTES\)$/,
    );
    expect(output.messages.map((message) => message.messageId)).toEqual(['a', 'b']);
  });

  it('keeps several batches in flight when asked, and waits for all of them', async () => {
    const started: number[] = [];
    let open = 0;
    let most = 0;
    const slow = new MemoryOutput();
    const publish = slow.publish.bind(slow);
    slow.publish = async (batch) => {
      started.push(batch.length);
      open += 1;
      most = Math.max(most, open);
      await new Promise((resolve) => setTimeout(resolve, 5));
      open -= 1;
      return publish(batch);
    };
    const input = valuesInput(Array.from({ length: 10 }, (_, i) => tick(`t${i}`)));
    const report = await createProducer({
      input,
      protocol: tickProtocol,
      outputs: slow,
      batchSize: 2,
      concurrency: 3,
    }).run();
    expect(report.accepted).toBe(10);
    expect(started).toEqual([2, 2, 2, 2, 2]);
    expect(most).toBe(3);
    expect(slow.ids().sort()).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`).sort());
  });

  it('keeps a batch within batchBytes of events, whatever its count', async () => {
    const sizes: number[] = [];
    const output = new MemoryOutput();
    const publish = output.publish.bind(output);
    output.publish = (batch) => {
      sizes.push(batch.length);
      return publish(batch);
    };
    // Ticks of about 1,000 bytes, 2,500 bytes a batch: two to a batch; one over it alone.
    const input = valuesInput([
      ...Array.from({ length: 5 }, (_, i) => tick(`${i}`.padEnd(980, 'x'))),
      tick('big'.padEnd(3_000, 'x')),
      tick('small'),
    ]);
    const report = await createProducer({
      input,
      protocol: tickProtocol,
      outputs: output,
      batchBytes: 2_500,
    }).run();
    expect(report.accepted).toBe(7);
    expect(sizes).toEqual([2, 2, 1, 1, 1]);
  });

  it('rejects invalid items with every reason and publishes the rest', async () => {
    const output = new MemoryOutput();
    const report = await createProducer({
      input: valuesInput([tick('a'), { id: '', kind: 'tack', at: 1 }, tick('c')], 'events'),
      protocol: tickProtocol,
      outputs: [output],
    }).run();
    expect(report.accepted).toBe(2);
    expect(report.rejectedCount).toBe(1);
    expect(report.rejected[0]?.origin).toBe('events[1]');
    expect(report.rejected[0]?.issues.map((issue) => issue.path)).toEqual(['id', 'kind']);
  });

  it('refuses unverified events unless allowed', async () => {
    const input = valuesInput([{ id: 't', kind: 'tock', at: 1 }]);
    const strict = await createProducer({ input, protocol: tickProtocol, outputs: new MemoryOutput() }).run();
    expect(strict.rejectedCount).toBe(1);
    const lenient = await createProducer({
      input,
      protocol: tickProtocol,
      outputs: new MemoryOutput(),
      allowUnverified: true,
    }).run();
    expect(lenient.accepted).toBe(1);
  });

  it('counts what an output without a spool could not take as failed', async () => {
    const output = new MemoryOutput().failNext((batch) => retryable('down', batch));
    const report = await createProducer({
      input: valuesInput([tick('a')]),
      protocol: tickProtocol,
      outputs: output,
    }).run();
    expect(report).toMatchObject({ accepted: 0, failed: 1, reasons: ['down'] });
  });

  it('publishes Eiffel events to several outputs with their Sepia routing key', async () => {
    const [a, b] = [new MemoryOutput(), new MemoryOutput()];
    const event = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      { identity: 'pkg:npm/x@1.0.0' },
      { source: { domainId: 'd' } },
    ).build();
    await createProducer({ input: valuesInput([event]), protocol: eiffelProtocol, outputs: [a, b] }).run();
    expect(a.messages[0]?.routingKey).toBe('eiffel.artifact.EiffelArtifactCreatedEvent._.d');
    expect(b.ids()).toEqual([event.meta.id]);
  });
});
