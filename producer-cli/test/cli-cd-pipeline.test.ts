import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestRig, storedEventCount, waitUntil, type IngestRig } from '@tracey/aggregator/testing';
import { installTracey, type InstalledTracey } from '@tracey/producer-cli/testing';
import { testServices } from '@tracey/testing';

// Issue 18: a build script's CDEvents, from `tracey cd` as users run it (the installed binary, a
// shell script chaining ids) through the real broker and a worker into the graph.
describe('tracey cd into the graph', () => {
  const services = testServices();
  let rig: IngestRig;
  let tracey: InstalledTracey;
  let spool: string;

  beforeAll(async () => {
    rig = await startIngestRig(services, 'cli-cd-pipeline', { batchMs: 10 });
    tracey = installTracey('dist');
    spool = await mkdtemp(`${tmpdir()}/tracey-cd-spool-`);
  });

  afterAll(async () => {
    tracey?.remove();
    await rig?.close();
    if (spool !== undefined) await rm(spool, { recursive: true, force: true });
  });

  it('stores a change, its artifact, a deployment and an incident, linked as the script said', async () => {
    const purl = 'pkg:oci/app@sha256%3Aabc123';
    const script = `
      CHG=$(tracey cd change merged --change acme/app#42 --repository acme/app)
      PKG=$(tracey cd artifact packaged --artifact '${purl}' --change acme/app#42 --follows "$CHG")
      DEP=$(tracey cd service deployed --service app --environment production --artifact '${purl}' --follows "$PKG")
      INC=$(tracey cd incident detected --incident INC-1 --environment production --service app --artifact '${purl}' --relates "$DEP")
      echo "$CHG $PKG $DEP $INC"`;
    const run = await tracey.shell(script, {
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: rig.topology.exchange,
      TRACEY_SPOOL_DIR: spool,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const [change, artifact, deployment, incident] = run.stdout.trim().split(' ');
    expect([change, artifact, deployment, incident].every((id) => /^[0-9a-f-]{36}$/.test(id ?? ''))).toBe(
      true,
    );

    await waitUntil('the four events stored', async () => (await storedEventCount(rig.driver)) === 4);
    const { records } = await rig.driver.executeQuery(
      `MATCH (e:Event)-[r]->(t:Event) RETURN e.id AS from, type(r) AS type, t.id AS to, labels(e) AS labels
       ORDER BY from`,
      {},
      { routing: 'READ' },
    );
    const links = records.map(
      (record) =>
        `${record.get('from') as string} ${record.get('type') as string} ${record.get('to') as string}`,
    );
    expect(links.sort()).toEqual(
      [
        `${artifact} PATH ${change}`,
        `${deployment} PATH ${artifact}`,
        `${incident} RELATION ${deployment}`,
        // Derived from content (docs/graph-model.md): the change the artifact names, the purl the
        // deployment and the incident name.
        `${artifact} CHANGE ${change}`,
        `${deployment} ARTIFACT ${artifact}`,
        `${incident} ARTIFACT ${artifact}`,
      ].sort(),
    );
    const deployed = await rig.driver.executeQuery(
      'MATCH (d:CDServiceDeployed {id: $id}) RETURN d.environmentId AS env, d.artifactId AS artifact, d.serviceId AS service',
      { id: deployment },
      { routing: 'READ' },
    );
    expect(deployed.records.map((record) => record.toObject())).toEqual([
      { env: 'production', artifact: purl, service: 'app' },
    ]);
  });
});
