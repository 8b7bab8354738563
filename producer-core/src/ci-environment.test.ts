import { describe, expect, it } from 'vitest';
import { ciActivityData, ciEventSource, detectCiEnvironment } from './ci-environment.js';

describe('detectCiEnvironment', () => {
  it('reads Jenkins', () => {
    const ci = detectCiEnvironment({
      JENKINS_URL: 'https://ci.example.com/',
      JOB_NAME: 'app/main',
      BUILD_NUMBER: '17',
      BUILD_URL: 'https://ci.example.com/job/app/job/main/17/',
      GIT_COMMIT: 'abc',
      GIT_BRANCH: 'origin/main',
    });
    expect(ci).toEqual({
      system: 'jenkins',
      job: 'app/main',
      buildNumber: '17',
      buildUrl: 'https://ci.example.com/job/app/job/main/17/',
      commit: 'abc',
      branch: 'main',
    });
    expect(ci && ciEventSource(ci)).toEqual({
      name: 'jenkins',
      uri: 'https://ci.example.com/job/app/job/main/17/',
    });
  });

  it('reads GitHub Actions, building the run URL', () => {
    const ci = detectCiEnvironment({
      GITHUB_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '99',
      GITHUB_RUN_NUMBER: '5',
      GITHUB_WORKFLOW: 'ci',
      GITHUB_JOB: 'build',
      GITHUB_SHA: 'def',
      GITHUB_REF_NAME: 'main',
    });
    expect(ci).toMatchObject({
      system: 'github-actions',
      job: 'ci/build',
      buildUrl: 'https://github.com/acme/app/actions/runs/99',
      repoUri: 'https://github.com/acme/app',
    });
    expect(ci && ciActivityData(ci, 'triggered')).toEqual({
      name: 'ci/build',
      executionType: 'AUTOMATED',
      categories: ['github-actions'],
    });
  });

  it('reads GitLab CI and nothing elsewhere', () => {
    expect(
      detectCiEnvironment({ GITLAB_CI: 'true', CI_JOB_NAME: 'test', CI_JOB_URL: 'https://gitlab.com/j/1' }),
    ).toMatchObject({
      system: 'gitlab-ci',
      job: 'test',
      buildUrl: 'https://gitlab.com/j/1',
    });
    expect(detectCiEnvironment({ HOME: '/root' })).toBeUndefined();
  });
});
