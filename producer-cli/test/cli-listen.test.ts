import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eiffelEvent, eiffelProtocol, encodeForPublish, type PublishableMessage } from '@tracey/schemas';
import { AmqpTestBroker, testServices, uniqueName } from '@tracey/testing';
import { CLI_ERROR_CODES } from '../src/internal/cli-error.js';
import { runTracey } from './run-tracey.js';

let broker: AmqpTestBroker;
let work: string;
let dir: string;
let exchange: string;
let env: Record<string, string>;

beforeAll(async () => {
  broker = await AmqpTestBroker.connect(testServices().amqpUrl);
  work = await mkdtemp(`${tmpdir()}/tracey-listen-`);
});
afterAll(async () => {
  await broker.cleanup();
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  exchange = await broker.topicExchange('listen');
  dir = await mkdtemp(`${work}/run-`);
  env = { TRACEY_AMQP_URL: testServices().amqpUrl, TRACEY_EXCHANGE: exchange, TRACEY_LOG_LEVEL: 'silent' };
});

function message(event: unknown): PublishableMessage {
  const encoded = encodeForPublish(eiffelProtocol, event);
  if (!encoded.ok) throw new Error('test event is invalid');
  return encoded.message;
}
const artifact = (identity: string) =>
  message(eiffelEvent('EiffelArtifactCreatedEvent', { identity }).build());

async function publish(...messages: PublishableMessage[]): Promise<void> {
  for (const item of messages) {
    broker.channel.publish(exchange, item.routingKey, Buffer.from(item.body), {
      persistent: true,
      contentType: item.contentType,
      messageId: item.messageId,
    });
  }
  await broker.channel.checkExchange(exchange);
}

/** Waits until `queue` exists and has a consumer: `tracey listen` has bound it. */
async function consumed(queue: string): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    // A missing queue closes the channel that asks: one channel per question.
    const channel = await broker.connection.createChannel();
    channel.on('error', () => undefined);
    const found = await channel.checkQueue(queue).catch(() => undefined);
    await channel.close().catch(() => undefined);
    if (found !== undefined && found.consumerCount > 0) return;
    await sleep(50);
  }
  throw new Error(`nobody consumes ${queue}`);
}

async function lines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '');
}

describe('tracey listen', () => {
  it('runs the command once per matching event, with the event on stdin and its id and type', async () => {
    const queue = uniqueName('listen');
    broker.track('queue', queue);
    const exec = `cat > "${dir}/$TRACEY_EVENT_ID.json"; echo "$TRACEY_EVENT_ID $TRACEY_EVENT_TYPE" >> "${dir}/runs"`;
    const run = runTracey(
      [
        'listen',
        '--bind',
        'eiffel.*.EiffelArtifactCreatedEvent.#',
        '--where',
        'data.identity~^pkg:npm/',
        '--queue',
        queue,
        '--count',
        '2',
        '--exec',
        exec,
      ],
      env,
    );
    await consumed(queue);
    const maven = artifact('pkg:maven/com.acme/app@1.0.0');
    const composition = message(eiffelEvent('EiffelCompositionDefinedEvent', { name: 'app' }).build());
    const first = artifact('pkg:npm/app@1.0.0');
    const second = artifact('pkg:npm/app@1.0.1');
    await publish(maven, composition, first, second);

    const result = await run;
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      `tracey: listening on ${queue} for eiffel.*.EiffelArtifactCreatedEvent.#`,
    );
    expect(await lines(`${dir}/runs`)).toEqual([
      `${first.messageId} EiffelArtifactCreatedEvent`,
      `${second.messageId} EiffelArtifactCreatedEvent`,
    ]);
    expect(await readFile(`${dir}/${first.messageId}.json`, 'utf8')).toBe(first.body);
    // Everything was acked, the maven artifact too; the composition was never routed here.
    expect((await broker.channel.checkQueue(queue)).messageCount).toBe(0);
  });

  it('runs a failing command again after a delay until it succeeds', async () => {
    const queue = uniqueName('listen');
    broker.track('queue', queue);
    const attempts = `${dir}/attempts`;
    const exec = `n=$(cat "${attempts}" 2>/dev/null || echo 0); echo $((n+1)) > "${attempts}"; [ "$n" -ge 2 ]`;
    const run = runTracey(
      ['listen', '--bind', '#', '--queue', queue, '--retry-delay', '20', '--count', '1', '--exec', exec],
      env,
    );
    await consumed(queue);
    const event = artifact('pkg:npm/flaky@1.0.0');
    await publish(event);
    const result = await run;
    expect(result.exitCode).toBe(0);
    expect(await lines(attempts)).toEqual(['3']);
    expect(result.stderr).toContain(
      `tracey: warning: the command failed for event ${event.messageId} (exit code 1)`,
    );
  });

  it('gives an event up after --max-attempts and reports it, then goes on', async () => {
    const queue = uniqueName('listen');
    broker.track('queue', queue);
    const exec = `echo "$TRACEY_EVENT_ID" >> "${dir}/tries"; if grep -q 'pkg:npm/bad'; then exit 4; fi; echo "$TRACEY_EVENT_ID" >> "${dir}/runs"`;
    const run = runTracey(
      [
        'listen',
        '--bind',
        '#',
        '--queue',
        queue,
        '--max-attempts',
        '2',
        '--retry-delay',
        '20',
        '--count',
        '1',
      ].concat(['--exec', exec]),
      env,
    );
    await consumed(queue);
    const bad = artifact('pkg:npm/bad@1.0.0');
    const good = artifact('pkg:npm/good@1.0.0');
    await publish(bad);
    for (let tries = 0; (await lines(`${dir}/tries`)).length < 2 && tries < 400; tries++) await sleep(50);
    await publish(good);
    const result = await run;
    expect(result.exitCode).toBe(0);
    expect(await lines(`${dir}/tries`)).toEqual([bad.messageId, bad.messageId, good.messageId]);
    expect(await lines(`${dir}/runs`)).toEqual([good.messageId]);
    expect(result.stderr).toContain(
      `tracey: warning: the command failed for event ${bad.messageId} (EiffelArtifactCreatedEvent) 2 times (last: exit code 4); giving up on it`,
    );
  });

  it('listens on a temporary queue of its own without --queue', async () => {
    const run = runTracey(
      ['listen', '--bind', 'eiffel.artifact.#', '--count', '1', '--exec', `cat >> "${dir}/events"`],
      env,
    );
    let done = false;
    void run.finally(() => (done = true));
    // The queue's name is the broker's choice: publish until the listener has seen one.
    while (!done) {
      await publish(artifact('pkg:npm/app@9.0.0'));
      await sleep(100);
    }
    const result = await run;
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/tracey: listening on amq\.gen-\S+ for eiffel\.artifact\.#/);
    expect(JSON.parse((await lines(`${dir}/events`))[0] ?? '')).toMatchObject({
      meta: { type: 'EiffelArtifactCreatedEvent' },
    });
  });

  it('exits 1 when the broker cannot be reached', async () => {
    const result = await runTracey(['listen', '--bind', '#', '--exec', 'true'], {
      ...env,
      TRACEY_AMQP_URL: 'amqp://guest:guest@127.0.0.1:1',
    });
    expect(result).toMatchObject({ exitCode: 1, errorCode: CLI_ERROR_CODES.brokerUnreachable });
    expect(result.stderr).toMatch(/^tracey: cannot consume from the broker: .*ECONNREFUSED/m);
  });

  it('refuses bad binding keys and conditions with every reason (exit 2)', async () => {
    const result = await runTracey(
      ['listen', '--bind', 'eiffel..x', '--where', 'data.identity', '--where', 'data.x~(', '--exec', 'true'],
      env,
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      'tracey: cannot listen',
      expect.stringMatching(/^ {2}--bind eiffel\.\.x: word "" must be/),
      expect.stringMatching(/^ {2}--where data\.identity: must be path=value/),
      expect.stringMatching(/^ {2}--where data\.x~\(: is not a regular expression/),
      '',
    ]);
  });
});
