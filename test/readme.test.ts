import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configVariables, type EnvVar } from '@tracey/common';
import { aggregatorConfigSpec } from '@tracey/aggregator';
import { apiConfigSpec } from '@tracey/api';
import { adapterConfigSpec } from '@tracey/jenkins-adapter';
import { cliConfigSpec } from '@tracey/producer-cli';
import { stackConfigSpec } from '@tracey/stack';
import { webhookConfigSpec } from '@tracey/webhook-adapter';

const root = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const specs = [
  aggregatorConfigSpec,
  apiConfigSpec,
  adapterConfigSpec,
  webhookConfigSpec,
  cliConfigSpec,
  stackConfigSpec,
];

describe('README.md', () => {
  const tableRows = readme.split('\n').filter((line) => /^\|\s*`TRACEY_[A-Z0-9_]+`\s*\|/.test(line));
  const documented = new Set(tableRows.map((line) => /`(TRACEY_[A-Z0-9_]+)`/.exec(line)?.[1]));

  it('documents every variable the services read in the configuration table', () => {
    const read = new Set(specs.flatMap((spec) => configVariables(spec)));
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => name === undefined || !read.has(name))).toEqual([]);
  });

  it('shows the defaults the code applies', () => {
    for (const spec of specs) {
      // The specs' union is too wide for the linter's type checker to follow: each entry is an EnvVar.
      for (const variable of Object.values(spec) as EnvVar<unknown>[]) {
        if (variable.secret) continue;
        const parsed = variable.schema.safeParse(undefined);
        // Optional variables without a default (e.g. TRACEY_TRIGGER_RULES) show what unset means.
        if (!parsed.success || parsed.data === undefined) continue;
        const data: unknown = parsed.data;
        const shown = Array.isArray(data)
          ? data.join(',')
          : typeof data === 'string' || typeof data === 'number' || typeof data === 'boolean'
            ? String(data)
            : JSON.stringify(data);
        const row = tableRows.find((line) => line.includes(`\`${variable.name}\``));
        expect(row, variable.name).toContain(`\`${shown}\``);
      }
    }
  });

  it('gives the test command that CI runs', () => {
    expect(readme).toContain('npm ci && npm test');
    // Its output kept for the secret scan (scripts/scan-test-secrets.mjs).
    expect(readFileSync(`${root}.ci/run`, 'utf8')).toMatch(/^npm test( 2>&1 \| tee "[^"]+")?$/m);
  });
});
