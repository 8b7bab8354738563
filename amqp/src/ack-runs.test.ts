import { describe, expect, it } from 'vitest';
import { AckRuns, type Delivery } from './ack-runs.js';

const delivery = (deliveryTag: number): Delivery => ({ fields: { deliveryTag } });

/** AckRuns with a manual flush: `sent` lists each ack as `tag` or `tag*` (multiple). */
function harness() {
  const sent: string[] = [];
  let pending: (() => void) | undefined;
  const runs = new AckRuns<Delivery>(
    (message, allUpTo) => sent.push(`${message.fields.deliveryTag}${allUpTo ? '*' : ''}`),
    (flush) => (pending = flush),
  );
  const turnEnds = () => {
    const flush = pending;
    pending = undefined;
    flush?.();
  };
  return { runs, sent, turnEnds };
}

describe('AckRuns', () => {
  it('acks a batch settled in one turn with one multiple ack of its last delivery', () => {
    const { runs, sent, turnEnds } = harness();
    const messages = [1, 2, 3, 4, 5].map(delivery);
    messages.forEach((message) => runs.delivered(message));
    // Settled out of order, as a batch's results come back.
    for (const tag of [3, 1, 5, 2, 4]) runs.ack(messages[tag - 1]!);
    expect(sent).toEqual([]);
    turnEnds();
    expect(sent).toEqual(['5*']);
  });

  it('never covers a delivery still in progress: past the gap each ack goes alone', () => {
    const { runs, sent, turnEnds } = harness();
    const messages = [1, 2, 3, 4, 5].map(delivery);
    messages.forEach((message) => runs.delivered(message));
    for (const tag of [1, 2, 4, 5]) runs.ack(messages[tag - 1]!);
    turnEnds();
    expect(sent).toEqual(['2*', '4', '5']);
    // Delivery 3 settles later: it is now the oldest, so a single ack.
    runs.ack(messages[2]!);
    turnEnds();
    expect(sent).toEqual(['2*', '4', '5', '3']);
  });

  it('lets a requeued or rejected delivery end nothing: the run goes on past it', () => {
    const { runs, sent, turnEnds } = harness();
    const messages = [1, 2, 3, 4].map(delivery);
    messages.forEach((message) => runs.delivered(message));
    runs.settled(messages[0]!);
    runs.settled(messages[2]!);
    runs.ack(messages[1]!);
    runs.ack(messages[3]!);
    turnEnds();
    // 1 and 3 were nacked by the session: a multiple ack of 4 would not touch them either.
    expect(sent).toEqual(['4*']);
  });

  it('sends a single ack for a run of one, flushes on demand and forgets on clear', () => {
    const { runs, sent, turnEnds } = harness();
    const messages = [7, 8, 9].map(delivery);
    messages.forEach((message) => runs.delivered(message));
    runs.ack(messages[0]!);
    runs.flush();
    expect(sent).toEqual(['7']);
    runs.ack(messages[1]!);
    runs.clear();
    turnEnds();
    expect(sent).toEqual(['7']);
    // A delivery it never saw is acked on its own.
    runs.ack(delivery(42));
    turnEnds();
    expect(sent).toEqual(['7', '42']);
  });
});
