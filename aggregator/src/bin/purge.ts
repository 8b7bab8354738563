#!/usr/bin/env node
// `npm run purge`: keeps the graph bounded (issue 23, graph-retention.ts). Reads
// TRACEY_NEO4J_URL/USER/PASSWORD as the aggregator does; nothing secret on argv or in output.
import { compileLinearRegex } from '@tracey/common';
import { purgeGraph, PurgeRunning } from '@tracey/graph';
import { operatorTool } from './operator-tool.js';

const NAME = 'tracey-purge';
const DAY = 86_400_000;
const USAGE = `Usage: npm run purge -- --older-than DAYS [--keep-confidence NAME,...] [--keep-production PATTERN] [--dry-run]
       node aggregator/dist/bin/purge.js --older-than DAYS [options]

Deletes the events stored with a time more than DAYS days ago that nothing worth keeping reaches.
Kept, with everything they link to (directly or not, through any link):
  - every event of the last DAYS days;
  - the retained releases: confidence levels named in --keep-confidence with value SUCCESS, and
    CDEvents deployments to an environment matching --keep-production.
So a retained release's trace answers stay the same, and no kept event loses a link. What goes is
typically the test runs, activities and confidence levels of builds that were never released.
Workers may keep ingesting meanwhile; an event they link to while it runs is kept. One purge runs at
a time. Idempotent: run it again, from cron or a Kubernetes CronJob, e.g. nightly.

Neo4j is read from the aggregator's environment: TRACEY_NEO4J_URL, TRACEY_NEO4J_USER,
TRACEY_NEO4J_PASSWORD (see README.md, Configuration).

Options:
  --older-than DAYS          events older than this many days may go (1-36500; required)
  --keep-confidence NAMES    comma-separated confidence level names that make a release (default none)
  --keep-production PATTERN  RE2 pattern of production environment ids (default "prod|production";
                             "" keeps no deployment)
  --dry-run                  count what would go, delete nothing
  --batch-size N             nodes per transaction (1-100000, default 5000)
  -h, --help                 this text

A summary goes to stderr. Exit codes: 0 done, 1 Neo4j failed or another purge is running
(run it again), 2 bad arguments or configuration.`;

function fail(message: string): never {
  process.stderr.write(`${NAME}: ${message}\n${USAGE.split('\n')[0]}\n`);
  process.exit(2);
}

interface PurgeArgs {
  readonly olderThanDays: number;
  readonly keepConfidence: string[];
  readonly keepProduction: string;
  readonly dryRun: boolean;
  readonly batchSize: number;
}

function parseArgs(args: readonly string[]): PurgeArgs | 'help' {
  let olderThanDays: number | undefined;
  let keepConfidence: string[] = [];
  let keepProduction = 'prod|production';
  let dryRun = false;
  let batchSize = 5000;
  const whole = (name: string, value: string | undefined, max: number): number => {
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
      fail(`${name} takes a whole number from 1 to ${max}`);
    return Number(value);
  };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--dry-run') {
      dryRun = true;
      continue;
    }
    const match = /^(--older-than|--keep-confidence|--keep-production|--batch-size)(?:=(.*))?$/.exec(arg);
    if (match === null) fail(`unknown argument ${JSON.stringify(arg)}`);
    const value = match[2] ?? args[++index];
    if (match[1] === '--older-than') olderThanDays = whole('--older-than', value, 36_500);
    else if (match[1] === '--batch-size') batchSize = whole('--batch-size', value, 100_000);
    else if (value === undefined) fail(`${match[1] ?? ''} takes a value`);
    else if (match[1] === '--keep-confidence')
      keepConfidence = value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
    else keepProduction = value;
  }
  if (olderThanDays === undefined) fail('--older-than DAYS is required: how old an event must be to go');
  return { olderThanDays, keepConfidence, keepProduction, dryRun, batchSize };
}

const args = parseArgs(process.argv.slice(2));
if (args === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
let production: { test(text: string): boolean } | undefined;
if (args.keepProduction !== '') {
  const compiled = compileLinearRegex(args.keepProduction);
  if (!compiled.ok) fail(`--keep-production ${compiled.reason}`);
  production = compiled.regex;
}
const { driver, log } = operatorTool(NAME);
const cutoff = Date.now() - args.olderThanDays * DAY;
const start = performance.now();
try {
  log(
    `${args.dryRun ? 'counting' : 'purging'} events before ${new Date(cutoff).toISOString()} that nothing kept reaches`,
  );
  const summary = await purgeGraph(driver, {
    cutoff,
    confidenceLevels: args.keepConfidence,
    ...(production === undefined ? {} : { productionEnvironment: production }),
    batchSize: args.batchSize,
    dryRun: args.dryRun,
    onProgress: log,
  });
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  log(
    `${args.dryRun ? 'dry run: would delete' : 'done: deleted'} ${summary.deleted} events and ` +
      `${summary.placeholdersDeleted} placeholders; kept ${summary.kept} (${summary.retainedReleases} ` +
      `retained releases before the cutoff), ${seconds} s`,
  );
} catch (error) {
  if (error instanceof PurgeRunning) log(`${error.message}; not started`);
  else {
    const code = (error as { code?: unknown }).code;
    log(
      `failed${typeof code === 'string' ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
    );
    log('what was deleted is committed; run it again to go on');
  }
  process.exitCode = 1;
} finally {
  await driver.close();
}
