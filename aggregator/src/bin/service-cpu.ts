import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { processCpuSeconds } from '@tracey/common';

// bench:ingest's view of the processes that share the machine with the worker: on one machine the
// worker, Neo4j, RabbitMQ and the bench's own publisher take turns on the same cores, so the CPU
// each spends per event bounds the rate (docs/BENCHMARKS.md#ingest). Linux /proc only.

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0']);

/**
 * The pid of the process of this machine that listens on the port of `url` (`defaultPort` when
 * it names none), or undefined: a remote host, no such listener, or one this user cannot see.
 */
export function localListenerPid(url: string, defaultPort: number): number | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!LOCAL_HOSTS.has(parsed.hostname)) return undefined;
  return listenerPid(parsed.port === '' ? defaultPort : Number(parsed.port));
}

function listenerPid(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined && inodes.has(inode)) return Number(entry);
    }
  }
  return undefined;
}

// Sockets listening on `port` (state 0A), by inode, from /proc/net/tcp and tcp6.
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9] !== undefined)
        inodes.add(fields[9]);
    }
  }
  return inodes;
}

export const NEIGHBOURS = ['Neo4j', 'RabbitMQ', 'publisher'] as const;
export type Neighbour = (typeof NEIGHBOURS)[number];
export type NeighbourSeconds = { readonly [name in Neighbour]: number | undefined };

/**
 * The processes beside the worker: Neo4j and RabbitMQ when they listen on this machine (found
 * once, by the port of their URL, a cluster's first node) and this process, the publisher.
 */
export class Neighbours {
  private readonly neo4j: number | undefined;
  private readonly rabbitmq: number | undefined;

  /** Walks every process's sockets: made before anything is measured. */
  constructor(neo4jUrls: string, amqpUrls: string) {
    const local = (urls: string, port: number) => {
      const first = urls.split(',')[0];
      return first === undefined ? undefined : localListenerPid(first, port);
    };
    this.neo4j = local(neo4jUrls, 7687);
    this.rabbitmq = local(amqpUrls, 5672);
  }

  /** CPU seconds each has used so far; undefined for a service not on this machine. */
  cpuSeconds(): NeighbourSeconds {
    const own = process.cpuUsage();
    return {
      Neo4j: this.neo4j === undefined ? undefined : processCpuSeconds(this.neo4j),
      RabbitMQ: this.rabbitmq === undefined ? undefined : processCpuSeconds(this.rabbitmq),
      publisher: (own.user + own.system) / 1e6,
    };
  }

  /** CPU ms per 1,000 of `events` each has spent since `before` (a reading of {@link cpuSeconds}). */
  msPer1000Since(before: NeighbourSeconds, events: number): { readonly [name in Neighbour]?: number } {
    const now = this.cpuSeconds();
    const spent: { [name in Neighbour]?: number } = {};
    for (const name of NEIGHBOURS) {
      const [from, to] = [before[name], now[name]];
      if (from !== undefined && to !== undefined) spent[name] = ((to - from) * 1e6) / events;
    }
    return spent;
  }
}
