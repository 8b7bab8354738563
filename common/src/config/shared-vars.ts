import { bindVar, DEFAULT_BIND } from './bind-address.js';
import { enumVar, fileVar, intVar, secretVar, textVar, urlListVar, urlVar } from './var-kinds.js';

/** Password of the local services script's Neo4j; a development default, documented as such. */
export const DEV_NEO4J_PASSWORD = 'tracey-dev-password';

/**
 * Largest event Tracey takes, in bytes of its JSON: what `POST /events` accepts in one body. The
 * producer, the HTTP intakes and the aggregator refuse a larger one with the reason
 * `event-too-large`.
 */
export const DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

/** RabbitMQ's default `max_message_size`: no message can be larger. */
const BROKER_MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Variables with the same name and meaning in every Tracey process. Services pick the ones they
 * need into their own config spec.
 */
export const sharedVars = {
  amqpUrl: urlListVar(
    'TRACEY_AMQP_URL',
    'amqp://guest:guest@127.0.0.1:5672',
    ['amqp', 'amqps'],
    "RabbitMQ connection URL, or a cluster's nodes comma-separated: a client connects to one that answers and fails over to another (credentials in the URL are redacted in logs).",
  ),
  amqpCaFile: fileVar(
    'TRACEY_AMQP_CA_FILE',
    'PEM file of the CA that signed the broker certificate, for amqps:// URLs (default: the system CAs).',
  ),
  amqpCertFile: fileVar(
    'TRACEY_AMQP_CERT_FILE',
    'PEM client certificate for amqps://, when the broker asks for one (with TRACEY_AMQP_KEY_FILE).',
  ),
  amqpKeyFile: fileVar('TRACEY_AMQP_KEY_FILE', 'PEM private key of TRACEY_AMQP_CERT_FILE.'),
  exchange: textVar('TRACEY_EXCHANGE', 'tracey', 'Durable topic exchange that events are published to.'),
  neo4jUrl: urlVar(
    'TRACEY_NEO4J_URL',
    'bolt://127.0.0.1:7687',
    ['bolt', 'bolt+s', 'bolt+ssc', 'neo4j', 'neo4j+s', 'neo4j+ssc'],
    'Neo4j Bolt URL.',
  ),
  neo4jCaFile: fileVar(
    'TRACEY_NEO4J_CA_FILE',
    'PEM file of the CA that signed the Neo4j certificate: connections are then encrypted and verified against it (bolt+s:// and neo4j+s:// otherwise use the system CAs).',
  ),
  neo4jUser: textVar('TRACEY_NEO4J_USER', 'neo4j', 'Neo4j user.'),
  tlsCert: fileVar(
    'TRACEY_TLS_CERT',
    'PEM certificate (chain) the HTTP service serves HTTPS with, with TRACEY_TLS_KEY; unset: plain HTTP.',
  ),
  tlsKey: fileVar('TRACEY_TLS_KEY', 'PEM private key of TRACEY_TLS_CERT.'),
  neo4jPassword: secretVar(
    'TRACEY_NEO4J_PASSWORD',
    DEV_NEO4J_PASSWORD,
    `Neo4j password. The default "${DEV_NEO4J_PASSWORD}" is for local development only.`,
  ),
  apiUrl: urlVar(
    'TRACEY_API_URL',
    'http://127.0.0.1:8080',
    ['http', 'https'],
    'Base URL of the Tracey query API.',
  ),
  apiToken: secretVar(
    'TRACEY_API_TOKEN',
    undefined,
    'Bearer token for the query API: required by endpoints that write or trigger.',
  ),
  maxEventBytes: intVar(
    'TRACEY_MAX_EVENT_BYTES',
    DEFAULT_MAX_EVENT_BYTES,
    { min: 1024, max: BROKER_MAX_MESSAGE_BYTES },
    'Largest event (bytes of its JSON) producers publish, intakes accept and workers store; a larger one is refused as event-too-large.',
  ),
  logLevel: enumVar('TRACEY_LOG_LEVEL', 'info', LOG_LEVELS, 'Log level.'),
  rateLimit: intVar(
    'TRACEY_RATE_LIMIT',
    100,
    { min: 0, max: 100_000_000 },
    'Requests one token (or, without a token, one address) may make per TRACEY_RATE_LIMIT_WINDOW_MS on an HTTP service; over it: 429 with Retry-After. 0: no limit.',
  ),
  rateLimitWindowMs: intVar(
    'TRACEY_RATE_LIMIT_WINDOW_MS',
    1000,
    { min: 100, max: 86_400_000 },
    'The window of TRACEY_RATE_LIMIT, in ms.',
  ),
  bind: bindVar(
    'TRACEY_BIND',
    DEFAULT_BIND,
    'Address every Tracey service listens on (0.0.0.0: every interface); a per-service TRACEY_*_BIND wins. Not loopback with a development token: refused.',
  ),
} as const;
