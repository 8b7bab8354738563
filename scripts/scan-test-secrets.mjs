#!/usr/bin/env node
// Issue 24: no log line, audit line or error body of the whole test run holds a configured secret.
// CI keeps the run's output (vitest's, with what the tests print and the error bodies they show)
// and every spawned service's output (TRACEY_TEST_OUTPUT_DIR, written by @tracey/testing's
// spawnService) in one directory; this reads the secrets the tests configure from their sources
// (string constants named like a token, secret or password, TRACEY_*_TOKEN/_SECRET/_PASSWORD values,
// the test services' Neo4j password) and fails when any of them appears in a file of that
// directory. A finding names the file, the line and the constant, never the value.
//
// Usage: node scripts/scan-test-secrets.mjs DIR|FILE...   (exit 0 clean, 1 found, 2 usage)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.git', 'fixtures']);
// Values too short or too common to mean anything (an empty token, `guest`, example placeholders
// that the docs print on purpose) are not secrets a test configured.
const MIN_LENGTH = 10;
const NOT_SECRETS = new Set(['change-me', 'change-me-too', '[redacted]']);

/** Every file below `dir` whose name passes `keep`. */
function* files(dir, keep) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path, keep);
    else if (keep(entry.name)) yield path;
  }
}

/** The secrets the test sources configure: value → the name it is configured under. */
export function configuredSecrets(sources) {
  const found = new Map();
  const patterns = [
    /(?:const|let)\s+([A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|Token|Secret|Password)[A-Za-z0-9_]*)\s*=\s*'([^'\n]*)'/g,
    /\b(TRACEY_[A-Z_]*(?:TOKEN|SECRET|PASSWORD)[A-Z_]*)'?\s*[:=]\s*'([^'\n]*)'/g,
    /\b([a-z][A-Za-z]*(?:Token|Secret|Password))\s*:\s*'([^'\n]*)'/g,
  ];
  for (const text of sources)
    for (const pattern of patterns)
      for (const [, name, value] of text.matchAll(pattern))
        if (value.length >= MIN_LENGTH && !NOT_SECRETS.has(value) && !found.has(value))
          found.set(value, name);
  return found;
}

/** Lines of `text` holding a secret: `[line number, name]`. */
export function findSecrets(text, secrets) {
  const hits = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries())
    for (const [value, name] of secrets) if (line.includes(value)) hits.push([index + 1, name]);
  return hits;
}

function main(args) {
  if (args.length === 0 || args.includes('--help')) {
    process.stderr.write('usage: node scripts/scan-test-secrets.mjs DIR|FILE...\n');
    return 2;
  }
  const sources = [...files(root, (name) => name.endsWith('.ts') || name.endsWith('.sh'))]
    .filter((path) => /(^|\/)(test|testing|scripts)\/|\.test\.ts$/.test(relative(root, path)))
    .map((path) => readFileSync(path, 'utf8'));
  const secrets = configuredSecrets(sources);
  let scanned = 0;
  let found = 0;
  for (const arg of args) {
    const targets = statSync(arg).isDirectory() ? [...files(arg, () => true)] : [arg];
    for (const path of targets) {
      scanned++;
      for (const [line, name] of findSecrets(readFileSync(path, 'utf8'), secrets)) {
        found++;
        process.stdout.write(`${path}:${line}: the value of ${name}\n`);
      }
    }
  }
  process.stdout.write(
    `scan-test-secrets: ${secrets.size} configured secrets, ${scanned} files, ${found} lines holding one\n`,
  );
  return found === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
