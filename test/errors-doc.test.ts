import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_ERROR_STATUS } from '@tracey/api';
import { ADAPTER_ERROR_STATUS, TRIGGER_ERROR_CODES } from '@tracey/jenkins-adapter';
import { GRAPH_ERROR_CODES } from '@tracey/graph';
import { AGGREGATOR_ERROR_STATUS, deadLetter, type DeadLetterReason } from '@tracey/aggregator';
import { CLI_ERROR_CODES, EXIT_CODES } from '@tracey/producer-cli';
import { PRODUCER_ERROR_CODES } from '@tracey/producer-core';
import { SCHEMAS_ERROR_CODES } from '@tracey/schemas';
import { MAPPING_ERROR_CODES } from '@tracey/mapping';
import { DORA_ERROR_CODES } from '@tracey/dora';

const doc = readFileSync(fileURLToPath(new URL('../docs/errors.md', import.meta.url)), 'utf8');
const codeTables = {
  SCHEMAS_ERROR_CODES,
  MAPPING_ERROR_CODES,
  DORA_ERROR_CODES,
  PRODUCER_ERROR_CODES,
  CLI_ERROR_CODES,
  GRAPH_ERROR_CODES,
  TRIGGER_ERROR_CODES,
};
// Codes of the HTTP services, each with the status it answers with.
const statusTables = { API_ERROR_STATUS, ADAPTER_ERROR_STATUS, AGGREGATOR_ERROR_STATUS };
// Every dead-letter reason; the `satisfies` makes adding a reason without listing it here a type error.
const deadLetterReasons = {
  'unsupported-content-type': true,
  'not-json': true,
  'invalid-event': true,
  'invalid-cloudevent': true,
  'unmapped-cloudevent': true,
  'event-too-large': true,
  conflict: true,
  'store-rejected': true,
} satisfies Record<DeadLetterReason, true>;

describe('docs/errors.md', () => {
  const documented = new Set([...doc.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((match) => match[1]));

  it.each(Object.entries(codeTables))('documents every code of %s', (_, table) => {
    const missing = Object.values(table).filter((code) => !documented.has(code));
    expect(missing).toEqual([]);
  });

  it('documents no code the packages do not have', () => {
    const known = new Set([
      ...Object.values(codeTables).flatMap((table) => Object.values(table) as string[]),
      ...Object.values(statusTables).flatMap((table) => Object.keys(table)),
    ]);
    expect([...documented].filter((code) => code === undefined || !known.has(code))).toEqual([]);
  });

  it('documents every dead-letter reason', () => {
    for (const reason of Object.keys(deadLetterReasons) as DeadLetterReason[]) {
      expect(deadLetter(reason, {}).action).toBe('dead-letter');
      expect(doc).toMatch(new RegExp(`^\\|\\s*\`${reason}\`\\s*\\|`, 'm'));
    }
  });

  it.each(Object.entries(statusTables))('documents every code of %s with its HTTP status', (_, table) => {
    for (const [code, status] of Object.entries(table)) {
      expect(doc, code).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`, 'm'));
    }
  });

  it.each(Object.entries(statusTables))('gives every code of %s one row, so one status', (_, table) => {
    for (const code of Object.keys(table)) {
      expect([...doc.matchAll(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`, 'gm'))], code).toHaveLength(1);
    }
  });

  it('gives the CLI exit codes the code uses', () => {
    for (const [name, value] of Object.entries(EXIT_CODES)) {
      expect(doc, name).toContain(`\`${value}\``);
    }
  });
});
