import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { localListenerPid, Neighbours } from './service-cpu.js';

describe('localListenerPid', () => {
  const server = createServer();
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('finds the process listening on the port of a local URL', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    expect(localListenerPid(`bolt://127.0.0.1:${port}`, 7687)).toBe(process.pid);
    expect(localListenerPid(`amqp://guest:guest@localhost:${port}`, 5672)).toBe(process.pid);
  });

  it('answers nothing for a remote host, a port nobody listens on, or no URL', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    expect(localListenerPid(`bolt://neo4j.example.com:${port}`, 7687)).toBeUndefined();
    server.close();
    await new Promise((resolve) => server.once('close', resolve));
    expect(localListenerPid(`bolt://127.0.0.1:${port}`, 7687)).toBeUndefined();
    expect(localListenerPid('not a url', 7687)).toBeUndefined();
    server.listen(0, '127.0.0.1');
  });
});

describe('Neighbours', () => {
  it('counts the CPU per 1,000 events of the processes it finds, and leaves out remote services', () => {
    const neighbours = new Neighbours('bolt://neo4j.example.com:7687', 'amqp://rabbit.example.com');
    const before = neighbours.cpuSeconds();
    const until = performance.now() + 150;
    while (performance.now() < until) Math.sqrt(Math.random());
    // 1,000 events: the publisher's (this process's) CPU in ms.
    const spent = neighbours.msPer1000Since(before, 1000);
    expect(spent.publisher).toBeGreaterThanOrEqual(80);
    expect(spent).not.toHaveProperty('Neo4j');
    expect(spent).not.toHaveProperty('RabbitMQ');
  });
});
