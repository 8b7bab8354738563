import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TraceyError } from '@tracey/common';
import { PRODUCER_ERROR_CODES } from './producer-error.js';

const run = promisify(execFile);

/** What `SourceChangeCreated`/`Submitted` events need to know of a commit. */
export interface GitCommit {
  readonly sha: string;
  readonly branch?: string;
  /** `remote.origin.url`, credentials removed. */
  readonly repoUri?: string;
  readonly repoName?: string;
  readonly author: { readonly name: string; readonly email: string };
  readonly committer: { readonly name: string; readonly email: string };
  readonly message: string;
}

/**
 * Reads commit `rev` (default `HEAD`) of the repository at `cwd` with `git`.
 * @throws TraceyError `PRODUCER_GIT_FAILED` when git fails or `cwd` is no repository.
 */
export async function readGitCommit(cwd: string, rev = 'HEAD'): Promise<GitCommit> {
  const log = await git(cwd, ['log', '-1', '--format=%H%x00%an%x00%ae%x00%cn%x00%ce%x00%B', rev, '--']);
  const [sha = '', authorName = '', authorEmail = '', committerName = '', committerEmail = '', message = ''] =
    log.split('\0');
  const branch = (await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']).catch(() => '')).trim();
  const remote = (await git(cwd, ['config', '--get', 'remote.origin.url']).catch(() => '')).trim();
  const repoUri = remote === '' ? undefined : withoutCredentials(remote);
  const repoName = repoUri
    ?.replace(/\.git$/, '')
    .split(/[/:]/)
    .pop();
  return {
    sha: sha.trim(),
    ...(branch === '' || branch === 'HEAD' ? {} : { branch }),
    ...(repoUri === undefined ? {} : { repoUri }),
    ...(repoName === undefined || repoName === '' ? {} : { repoName }),
    author: { name: authorName, email: authorEmail },
    committer: { name: committerName, email: committerEmail },
    message: message.trim(),
  };
}

async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, encoding: 'utf8' });
    return stdout;
  } catch (cause) {
    throw new TraceyError(
      PRODUCER_ERROR_CODES.gitFailed,
      `git ${args[0] ?? ''} failed in ${cwd}: is it a git repository?`,
      {
        details: { cwd },
        cause,
      },
    );
  }
}

function withoutCredentials(uri: string): string {
  return uri.replace(/^([a-z+]+:\/\/)[^@/]+@/i, '$1');
}
