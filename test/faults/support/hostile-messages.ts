import { randomUUID } from 'node:crypto';
import { DEFAULT_MAX_EVENT_BYTES } from '@tracey/common';
import type { DeadLetterReason } from '@tracey/aggregator';

/** One message published straight to the exchange, with what the worker must do with it. */
export interface HostileMessage {
  readonly kind: HostileKind;
  readonly body: Buffer;
  readonly contentType?: string;
  readonly contentEncoding?: string;
  /** The `x-tracey-reason` the worker must dead-letter it with. */
  readonly reason: DeadLetterReason;
}

export type HostileKind =
  | 'bad-json'
  | 'binary-garbage'
  | 'unknown-content-type'
  | 'wrong-types'
  | 'link-type-injection'
  | 'deep-nesting'
  | 'huge';

type Json = Record<string, unknown>;
type Mutation = (event: Json & { meta: Json; links: Json[]; data: Json }) => unknown;

// Strings that would change a statement built by concatenation; here they must only ever be data.
export const INJECTIONS = [
  'CAUSE]->() DETACH DELETE n //',
  'CAUSE]->(m) SET m:Admin WITH m MATCH (x) DETACH DELETE x //',
  'CAUSE`',
  '`CAUSE`',
  'CAUSE {evil: true}',
  'X`:Admin',
  "'; MATCH (n) DETACH DELETE n; //",
  'cause',
  'LINK',
  'Placeholder',
  '',
  ' CAUSE',
  'CAUSE\u0000',
  'ĆAUSE',
  'CAUSE\n]->() DELETE n',
] as const;

const CONTENT_TYPES = [
  'application/xml',
  'text/plain',
  'text/json',
  'application/octet-stream',
  'application/x-protobuf',
  'application/json-patch+json',
  'multipart/form-data; boundary=x',
  '*/*',
  '../../etc/passwd',
  'application/json\u0000',
];
const ENCODINGS = ['gzip', 'deflate', 'br', 'base64', 'x-evil'];

// Each breaks the event's definition in one way; all are JSON.
const MUTATIONS: readonly Mutation[] = [
  (e) => ((e.meta.id = 42), e),
  (e) => ((e.meta.id = 'not-a-uuid'), e),
  (e) => ((e.meta.id = String(e.meta.id).toUpperCase()), e),
  (e) => ((e.meta.time = 'yesterday'), e),
  (e) => ((e.meta.time = 1.5), e),
  (e) => ((e.meta.type = 7), e),
  (e) => ((e.meta.version = {}), e),
  (e) => ((e.meta = null as never), e),
  (e) => {
    const { meta: _meta, ...rest } = e;
    return rest;
  },
  (e) => ((e.links = 'CAUSE' as never), e),
  (e) => ((e.links = [{ type: 1, target: [] }]), e),
  (e) => ((e.links = [{ type: 'CAUSE', target: "x' OR 1=1 //" }]), e),
  (e) => ((e.data = 'x' as never), e),
  (e) => ((e.data = { ...e.data, junk: { $where: 'sleep(1000)' } }), e),
  (e) => ({ ...e, evil: "'; DROP DATABASE neo4j; //" }),
  () => null,
  () => [],
  () => 'EiffelArtifactCreatedEvent',
  () => 12345,
  () => true,
  () => ({}),
];

/**
 * `count` messages that must all be dead-lettered, made from valid `templates` and `random`
 * (seeded): bad JSON, binary garbage, unknown content types and encodings, wrong types, link-type
 * injection, deep nesting, and `hugeSizes` bodies of those sizes (bytes, up to the broker's limit).
 */
export function hostileMessages(
  count: number,
  templates: readonly object[],
  random: () => number,
  hugeSizes: readonly number[],
): HostileMessage[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const template = () => structuredClone(pick(templates)) as Parameters<Mutation>[0];
  const makers: (() => HostileMessage)[] = [
    () => {
      const text = JSON.stringify(template());
      const bad = pick([
        text.slice(0, 1 + Math.floor(random() * (text.length - 2))),
        text.replace(/"/g, "'"),
        `${text}}`,
        `\uFEFF${text}`,
        text.replace(':', ''),
        '',
        'undefined',
        'NaN',
        '{"meta":',
        '[1,2,,]',
      ]);
      return { kind: 'bad-json', body: Buffer.from(bad), reason: 'not-json' };
    },
    () => {
      // 0xff never starts JSON text, whatever follows.
      const bytes = Buffer.alloc(16 + Math.floor(random() * 4_096));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      bytes[0] = 0xff;
      return { kind: 'binary-garbage', body: bytes, reason: 'not-json' };
    },
    () => {
      const body = Buffer.from(JSON.stringify(template()));
      return random() < 0.7
        ? {
            kind: 'unknown-content-type',
            body,
            contentType: pick(CONTENT_TYPES),
            reason: 'unsupported-content-type',
          }
        : {
            kind: 'unknown-content-type',
            body,
            contentType: 'application/json',
            contentEncoding: pick(ENCODINGS),
            reason: 'unsupported-content-type',
          };
    },
    () => ({
      kind: 'wrong-types',
      body: Buffer.from(JSON.stringify(pick(MUTATIONS)(template()) ?? null)),
      reason: 'invalid-event',
    }),
    () => {
      const event = template();
      const target = (event.links[0]?.['target'] as string | undefined) ?? randomUUID();
      event.links = [{ type: pick(INJECTIONS), target }, ...event.links];
      return {
        kind: 'link-type-injection',
        body: Buffer.from(JSON.stringify(event)),
        reason: 'invalid-event',
      };
    },
    () => {
      const depth = 1_000 + Math.floor(random() * 100_000);
      const text = JSON.stringify(template());
      const at = text.indexOf('"data":{') + '"data":{'.length;
      // As text: JSON.stringify itself would recurse that deep.
      const deep = `"deep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}${text[at] === '}' ? '' : ','}`;
      const inData = text.slice(0, at) + deep + text.slice(at);
      // An unknown type's data is not checked against a definition, only hashed: the deepest path.
      const unknownType = inData.replace(/"type":"Eiffel\w+Event"/, '"type":"SomeFutureEvent"');
      const body = pick(['['.repeat(depth) + ']'.repeat(depth), inData, unknownType]);
      return { kind: 'deep-nesting', body: Buffer.from(body), reason: 'invalid-event' };
    },
  ];
  const messages: HostileMessage[] = hugeSizes.map((size, index) => hugeMessage(size, index, template()));
  for (let index = messages.length; index < count; index++) {
    messages.push((makers[index % makers.length] as () => HostileMessage)());
  }
  return messages;
}

// Every other one JSON text an event would be but for a member the definition does not allow,
// the others text that is not JSON at all. Over the maximum event size (TRACEY_MAX_EVENT_BYTES,
// default 8 MiB) the worker refuses a message unread, whatever it holds: event-too-large.
function hugeMessage(size: number, index: number, event: Json): HostileMessage {
  const tooLarge = size > DEFAULT_MAX_EVENT_BYTES;
  if (index % 2 === 1) {
    const garbage = Buffer.alloc(size, 'x');
    garbage[0] = 0xff;
    return { kind: 'huge', body: garbage, reason: tooLarge ? 'event-too-large' : 'not-json' };
  }
  const head = JSON.stringify({ ...event, junk: '' });
  const padding = size - Buffer.byteLength(head);
  const body = head.replace('"junk":""', `"junk":"${'y'.repeat(Math.max(0, padding))}"`);
  return { kind: 'huge', body: Buffer.from(body), reason: tooLarge ? 'event-too-large' : 'invalid-event' };
}
