import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGitCommit } from './git-commit.js';
import { PRODUCER_ERROR_CODES } from './producer-error.js';

describe('readGitCommit', () => {
  let notARepository: string;
  beforeAll(async () => {
    notARepository = await mkdtemp(join(tmpdir(), 'tracey-no-git-'));
  });
  afterAll(() => rm(notARepository, { recursive: true, force: true }));

  it('fails with PRODUCER_GIT_FAILED, naming the directory, where there is no repository', async () => {
    const error = await readGitCommit(notARepository).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      code: PRODUCER_ERROR_CODES.gitFailed,
      details: { cwd: notARepository },
    });
    expect((error as Error).message).toContain(notARepository);
  });
});
