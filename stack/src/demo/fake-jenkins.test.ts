import { afterEach, describe, expect, it } from 'vitest';
import { FakeJenkins } from './fake-jenkins.js';

describe('FakeJenkins', () => {
  let jenkins: FakeJenkins | undefined;
  afterEach(async () => jenkins?.close());

  it('queues a build like Jenkins and hands its parameters to whoever waits for the job', async () => {
    jenkins = new FakeJenkins();
    const url = await jenkins.listen(0);
    const waiting = jenkins.nextBuild('team/deploy', 5_000);
    const response = await fetch(`${url}job/team/job/deploy/buildWithParameters`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'TRACEY_CAUSE=abc&TARGET=staging',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`${url}queue/item/1/`);
    expect(await waiting).toEqual({
      job: 'team/deploy',
      parameters: { TRACEY_CAUSE: 'abc', TARGET: 'staging' },
    });
    expect(await jenkins.nextBuild('team/deploy', 10)).toEqual(await waiting);
  });

  it('answers 404 to anything else and gives up waiting after the timeout', async () => {
    jenkins = new FakeJenkins();
    const url = await jenkins.listen(0);
    expect((await fetch(`${url}job/x/build`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${url}job/x/buildWithParameters`)).status).toBe(404);
    expect(await jenkins.nextBuild('x', 50)).toBeUndefined();
  });
});
