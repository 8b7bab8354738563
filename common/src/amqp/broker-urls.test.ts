import { describe, expect, it } from 'vitest';
import { brokerUrls, connectToFirst } from './broker-urls.js';

describe('brokerUrls', () => {
  it('reads a comma-separated list, blanks ignored', () => {
    expect(brokerUrls(' amqp://a:5672 ,amqp://b:5673,, ')).toEqual(['amqp://a:5672', 'amqp://b:5673']);
    expect(brokerUrls('amqp://a')).toEqual(['amqp://a']);
  });
});

describe('connectToFirst', () => {
  const nodes = 'amqp://u:secret@a:5672,amqp://u:secret@b:5673,amqp://u:secret@c:5674';

  it('connects to a node that answers, whichever the others do', async () => {
    for (let i = 0; i < 6; i++) {
      const tried: string[] = [];
      const url = await connectToFirst(nodes, (candidate) => {
        tried.push(candidate);
        return candidate.includes('@b:')
          ? Promise.resolve(candidate)
          : Promise.reject(new Error('ECONNREFUSED'));
      });
      expect(url).toBe('amqp://u:secret@b:5673');
      expect(tried.length).toBeLessThanOrEqual(3);
    }
  });

  it('starts from a different node each time, so clients spread over the cluster', async () => {
    const first = new Set<string>();
    for (let i = 0; i < 3; i++)
      first.add(await connectToFirst(nodes, (candidate) => Promise.resolve(candidate)));
    expect(first.size).toBe(3);
  });

  it("names every node's error, without credentials, when none answers", async () => {
    const error = await connectToFirst(nodes, () =>
      Promise.reject(Object.assign(new Error('ACCESS_REFUSED'), { code: 403 })),
    ).catch((caught: unknown) => caught as Error & { code?: unknown });
    expect(error.message).toMatch(/^no broker node answers \(/);
    for (const node of ['a:5672', 'b:5673', 'c:5674'])
      expect(error.message).toContain(`amqp://u:***@${node}: ACCESS_REFUSED`);
    expect(error.message).not.toContain('secret');
    // The same refusal from every node is that refusal: a permanent one stays permanent.
    expect(error.code).toBe(403);
  });

  it("gives a single node's own error", async () => {
    await expect(connectToFirst('amqp://a', () => Promise.reject(new Error('ECONNREFUSED')))).rejects.toThrow(
      /^ECONNREFUSED$/,
    );
  });
});
