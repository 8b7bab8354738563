import { Flags } from '@oclif/core';
import { readGitCommit, type CiEnvironment, type GitCommit } from '@tracey/producer-core';

/** Flags of the `scm` commands: which commit of which repository. */
export const scmFlags = {
  repo: Flags.string({ description: 'directory of the git repository', default: '.' }),
  commit: Flags.string({ description: 'commit to describe', default: 'HEAD' }),
  'repo-uri': Flags.string({
    description: 'repository URI (default: remote.origin.url, or the CI repository)',
  }),
};

/** The commit, with the repository URI from the flag or CI when git has no remote. */
export async function commitFor(
  flags: { repo: string; commit: string; 'repo-uri'?: string | undefined },
  ci: CiEnvironment | undefined,
): Promise<GitCommit> {
  const commit = await readGitCommit(flags.repo, flags.commit);
  const repoUri = flags['repo-uri'] ?? commit.repoUri ?? ci?.repoUri;
  const branch = commit.branch ?? ci?.branch;
  return {
    ...commit,
    ...(repoUri === undefined ? {} : { repoUri }),
    ...(branch === undefined ? {} : { branch }),
  };
}
