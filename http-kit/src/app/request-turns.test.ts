import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { RequestTurns } from './request-turns.js';

describe('RequestTurns', () => {
  const request = (name: string) => ({ name }) as unknown as FastifyRequest;

  it('runs one request per key at a time, in order, and skips one that left while waiting', () => {
    const turns = new RequestTurns();
    const ran: string[] = [];
    const [a, b, c, other] = ['a', 'b', 'c', 'other'].map(request) as [
      FastifyRequest,
      FastifyRequest,
      FastifyRequest,
      FastifyRequest,
    ];
    turns.enter('k', a, () => ran.push('a'));
    turns.enter('k', b, () => ran.push('b'));
    turns.enter('k', c, () => ran.push('c'));
    turns.enter('j', other, () => ran.push('other'));
    expect(ran).toEqual(['a', 'other']);
    turns.leave('k', b); // its client went away while it waited
    expect(ran).toEqual(['a', 'other']);
    turns.leave('k', a);
    expect(ran).toEqual(['a', 'other', 'c']);
    turns.leave('k', c);
    // Nothing runs or waits for the key any more: the next one runs at once.
    turns.enter('k', b, () => ran.push('b again'));
    expect(ran).toEqual(['a', 'other', 'c', 'b again']);
  });

  it('lets a request that never took a turn leave without moving the queue', () => {
    const turns = new RequestTurns();
    const ran: string[] = [];
    const [a, b, outside] = ['a', 'b', 'outside'].map(request) as [
      FastifyRequest,
      FastifyRequest,
      FastifyRequest,
    ];
    turns.enter('k', a, () => ran.push('a'));
    turns.enter('k', b, () => ran.push('b'));
    turns.leave('k', outside);
    expect(ran).toEqual(['a']);
    turns.leave('k', a);
    expect(ran).toEqual(['a', 'b']);
  });
});
