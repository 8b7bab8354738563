import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readyMessages,
  startIngestRig,
  storedEventCount,
  waitUntil,
  type IngestRig,
} from '@tracey/aggregator/testing';
import { generatePipelineEvents } from '@tracey/graph/testing';
import { installTracey, type InstalledTracey } from '@tracey/producer-cli/testing';
import { freePort, testServices } from '@tracey/testing';

// Issue 23: TRACEY_AMQP_URL may list a cluster's nodes. Nodes that are down (here: ports nothing
// listens on) are passed over: the CLI publishes and the aggregator consumes through the one that
// answers, whichever order the list gives them in.

describe('TRACEY_AMQP_URL listing several broker nodes', () => {
  const services = testServices();
  let rig: IngestRig;
  let tracey: InstalledTracey;
  let nodes: string;
  const dir = mkdtempSync(`${tmpdir()}/tracey-broker-nodes-`);

  beforeAll(async () => {
    const down = await Promise.all([freePort(), freePort()]);
    const [first, second] = down.map((port) => services.amqpUrl.replace(/:\d+(\/|$)/, `:${port}$1`));
    // The live node in the middle: a client starting at any node reaches it.
    nodes = `${first},${services.amqpUrl},${second}`;
    rig = await startIngestRig(services, 'broker-nodes', { amqpUrl: nodes, batchMs: 10 });
    tracey = installTracey('dist');
  });

  afterAll(async () => {
    tracey?.remove();
    await rig?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes with the CLI and stores with the aggregator through the node that answers', async () => {
    expect(nodes.split(',')).toHaveLength(3);
    const events = generatePipelineEvents(300);
    writeFileSync(`${dir}/events.ndjson`, events.map((event) => JSON.stringify(event)).join('\n'));
    // Several runs: each CLI run starts from another node of the list.
    for (let run = 0; run < 3; run++) {
      const part = events.filter((_, index) => index % 3 === run);
      writeFileSync(`${dir}/part-${run}.ndjson`, part.map((event) => JSON.stringify(event)).join('\n'));
      const result = await tracey.run(['publish', '--file', `${dir}/part-${run}.ndjson`], {
        TRACEY_AMQP_URL: nodes,
        TRACEY_EXCHANGE: rig.topology.exchange,
        TRACEY_SPOOL_DIR: `${dir}/spool`,
      });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/guest:guest/);
    }
    await waitUntil('every event stored', async () => (await storedEventCount(rig.driver)) === events.length);
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);
  });
});
