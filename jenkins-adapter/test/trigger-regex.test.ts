import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eiffelEvent, eiffelProtocol, encodeForPublish, type PublishableMessage } from '@tracey/schemas';
import { AmqpTestBroker, testServices, uniqueName } from '@tracey/testing';
import { loadTriggerRules } from '../src/triggers/load-trigger-rules.js';
import { TriggerService } from '../src/triggers/trigger-service.js';
import { publish, RecordingServer } from './triggers-harness.js';
import { quietLogger } from './support/quiet-logger.js';

// Rules whose patterns make a backtracking engine explode, over events built for it: runs of
// `a` ending in `!`. On RE2 every event is decided in milliseconds.
const CATASTROPHIC: Readonly<Record<string, boolean>> = {
  '^(a+)+$': false,
  '(.*a){25}': true,
  '^(a|aa)+$': false,
  '^(a*)*$': false,
  '^((a+)+)+b': false,
  '(a|a?)+!x': false,
};
const LENGTHS = [30, 1_000, 20_000];

function hostileArtifact(length: number): PublishableMessage {
  const event = eiffelEvent('EiffelArtifactCreatedEvent', {
    identity: `pkg:npm/hostile@1.0.${length}`,
    customData: [{ key: 'value', value: `${'a'.repeat(length)}!` }],
  }).build();
  const encoded = encodeForPublish(eiffelProtocol, event);
  if (!encoded.ok) throw new Error('test event is invalid');
  return encoded.message;
}

describe('trigger conditions with catastrophic patterns', () => {
  let broker: AmqpTestBroker;
  let work: string;
  let jenkins: RecordingServer;
  let service: TriggerService;
  let exchange: string;

  beforeAll(async () => {
    broker = await AmqpTestBroker.connect(testServices().amqpUrl);
    work = await mkdtemp(`${tmpdir()}/tracey-trigger-regex-`);
    jenkins = new RecordingServer();
    const jenkinsUrl = await jenkins.listen();
    const rules = Object.keys(CATASTROPHIC).map((pattern, index) => ({
      name: `hostile-${index}`,
      bindingKeys: ['eiffel.*.EiffelArtifactCreatedEvent.#'],
      conditions: [{ path: 'data.customData.*.value', matches: pattern }],
      action: { type: 'jenkins', url: jenkinsUrl, job: `job-${index}` },
    }));
    const rulesFile = `${work}/rules.json`;
    await writeFile(rulesFile, JSON.stringify({ rules }));
    exchange = await broker.topicExchange('trigger-regex');
    const queue = uniqueName('trigger-regex');
    broker.track('queue', queue);
    service = new TriggerService({
      amqpUrl: testServices().amqpUrl,
      exchange,
      queue,
      rulesFile,
      stateDir: await mkdtemp(`${work}/state-`),
      env: {},
      api: { url: 'http://127.0.0.1:1/', token: undefined },
      logger: quietLogger,
    });
    await service.start();
  });

  afterAll(async () => {
    await service.stop();
    await jenkins.close();
    await broker.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  it('decides every rule for each hostile event within 100 ms of its publication', async () => {
    const patterns = Object.keys(CATASTROPHIC);
    const rules = patterns.length;
    const shouldMatch = patterns.flatMap((pattern, index) =>
      CATASTROPHIC[pattern] === true ? [`hostile-${index}`] : [],
    );
    // Best of 3 events per length: the time includes the broker's delivery, and a busy 2-core
    // machine sometimes schedules late; a backtracking engine would take seconds every time.
    for (const length of LENGTHS) {
      const times: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const message = hostileArtifact(length);
        const started = performance.now();
        await publish(broker, exchange, message);
        const byEvent = () =>
          service.history.newest(1_000).filter((entry) => entry.eventId === message.messageId);
        let decided = byEvent();
        while (
          new Set(decided.map((entry) => entry.rule)).size < rules &&
          performance.now() - started < 10_000
        ) {
          await nextTurn();
          decided = byEvent();
        }
        times.push(performance.now() - started);
        const matched = decided.filter((entry) => entry.decision === 'matched').map((entry) => entry.rule);
        expect([...new Set(matched)].sort()).toEqual(shouldMatch);
      }
      process.stdout.write(
        `event with a run of ${length} a's: ${rules} rules decided in ${times.map((ms) => ms.toFixed(1)).join(', ')} ms\n`,
      );
      expect(Math.min(...times)).toBeLessThanOrEqual(100);
    }
  });

  it('refuses a rules file with a construct RE2 lacks, naming it', async () => {
    const file = `${work}/lookahead.json`;
    await writeFile(
      file,
      JSON.stringify({
        rules: [
          {
            name: 'lookahead',
            bindingKeys: ['#'],
            conditions: [{ path: 'data.identity', matches: '^(?=pkg:npm/)' }],
            action: { type: 'jenkins', url: 'http://127.0.0.1:1/', job: 'x' },
          },
        ],
      }),
    );
    const result = await loadTriggerRules(file, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/conditions\.0\.matches: .*RE2.*`\(\?=`/);
  });
});
