import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the demo's repository says it comes from (no network is used). */
export const DEMO_REPO_URL = 'https://git.example.com/acme/shop.git';

/** One commit of the demo repository. */
export interface DemoCommit {
  readonly sha: string;
  readonly message: string;
  /** The issue key its message mentions. */
  readonly issue: string;
}

/** The commits the demo makes, each mentioning an issue of the `SHOP` project numbered from `firstIssue`. */
export function demoCommitMessages(firstIssue: number): { message: string; issue: string; file: string }[] {
  const issue = (offset: number) => `SHOP-${firstIssue + offset}`;
  return [
    { issue: issue(0), file: 'cart.ts', message: `Add the shopping cart\n\nFixes ${issue(0)}` },
    { issue: issue(1), file: 'totals.ts', message: `Round order totals half-even\n\nFixes ${issue(1)}` },
    { issue: issue(2), file: 'checkout.ts', message: `${issue(2)}: card payments on the checkout page` },
  ];
}

/** A fresh git repository in `dir` (on branch main, with an origin) holding the demo's commits. */
export async function createDemoRepo(dir: string, firstIssue: number): Promise<DemoCommit[]> {
  const git = async (...args: string[]) => (await run('git', args, { cwd: dir })).stdout.trim();
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.name', 'Ada Lovelace');
  await git('config', 'user.email', 'ada@acme.example.com');
  await git('config', 'commit.gpgsign', 'false');
  await git('remote', 'add', 'origin', DEMO_REPO_URL);
  const commits: DemoCommit[] = [];
  for (const { message, issue, file } of demoCommitMessages(firstIssue)) {
    await writeFile(`${dir}/${file}`, `// ${message.split('\n')[0] ?? ''}\n`);
    await git('add', file);
    await git('commit', '-q', '-m', message);
    commits.push({ sha: await git('rev-parse', 'HEAD'), message, issue });
  }
  return commits;
}

/** The branch of the demo's follow-up change, under review and not in the release. */
export const FOLLOW_UP_BRANCH = 'payment-retry';

/**
 * A commit on a new branch `FOLLOW_UP_BRANCH` of the demo repository in `dir`, after the
 * release: a change still under review. Its message names no issue key (the team links the
 * tracker's own event instead), so `tracey scm created` defines no issue for it. Returns its sha.
 */
export async function createFollowUpCommit(dir: string): Promise<string> {
  const git = async (...args: string[]) => (await run('git', args, { cwd: dir })).stdout.trim();
  await git('checkout', '-q', '-b', FOLLOW_UP_BRANCH);
  await writeFile(`${dir}/payment-retry.ts`, '// Retry a card payment once on a gateway timeout\n');
  await git('add', 'payment-retry.ts');
  await git('commit', '-q', '-m', 'Retry a card payment once on a gateway timeout');
  return git('rev-parse', 'HEAD');
}
