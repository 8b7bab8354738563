/** What a CI system tells a build step about itself through the environment. */
export interface CiEnvironment {
  readonly system: 'jenkins' | 'github-actions' | 'gitlab-ci';
  /** Job (Jenkins), workflow/job (GitHub) or job name (GitLab). */
  readonly job: string;
  readonly buildNumber?: string;
  /** Link to this run of the job. */
  readonly buildUrl?: string;
  readonly commit?: string;
  readonly branch?: string;
  readonly repoUri?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Recognizes Jenkins, GitHub Actions and GitLab CI from their variables; undefined elsewhere. */
export function detectCiEnvironment(env: Env): CiEnvironment | undefined {
  if (env['GITHUB_ACTIONS'] === 'true') return github(env);
  if (env['GITLAB_CI'] === 'true') return gitlab(env);
  if (nonEmpty(env['JENKINS_URL']) !== undefined && nonEmpty(env['JOB_NAME']) !== undefined)
    return jenkins(env);
  return undefined;
}

/** `meta.source` fields for events a CI step sends: the system's name and the run's URL. */
export function ciEventSource(ci: CiEnvironment): Readonly<Record<string, string>> {
  return { name: ci.system, ...(ci.buildUrl === undefined ? {} : { uri: ci.buildUrl }) };
}

/** `data` of an activity event for this CI run, for the stage of the activity. */
export function ciActivityData(ci: CiEnvironment, stage: 'triggered' | 'started'): Record<string, unknown> {
  if (stage === 'triggered') {
    return { name: ci.job, executionType: 'AUTOMATED', categories: [ci.system] };
  }
  return ci.buildUrl === undefined ? {} : { executionUri: ci.buildUrl };
}

function jenkins(env: Env): CiEnvironment {
  return compact({
    system: 'jenkins',
    job: env['JOB_NAME'] ?? 'jenkins',
    buildNumber: nonEmpty(env['BUILD_NUMBER']),
    buildUrl: nonEmpty(env['BUILD_URL']),
    commit: nonEmpty(env['GIT_COMMIT']),
    branch: nonEmpty(env['GIT_BRANCH'])?.replace(/^origin\//, ''),
    repoUri: nonEmpty(env['GIT_URL']),
  });
}

function github(env: Env): CiEnvironment {
  const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  const repository = nonEmpty(env['GITHUB_REPOSITORY']);
  const runId = nonEmpty(env['GITHUB_RUN_ID']);
  const workflow = nonEmpty(env['GITHUB_WORKFLOW']);
  const job = nonEmpty(env['GITHUB_JOB']);
  return compact({
    system: 'github-actions',
    job: [workflow, job].filter((part) => part !== undefined).join('/') || 'github-actions',
    buildNumber: nonEmpty(env['GITHUB_RUN_NUMBER']),
    buildUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined,
    commit: nonEmpty(env['GITHUB_SHA']),
    branch: nonEmpty(env['GITHUB_REF_NAME']),
    repoUri: repository ? `${server}/${repository}` : undefined,
  });
}

function gitlab(env: Env): CiEnvironment {
  return compact({
    system: 'gitlab-ci',
    job: env['CI_JOB_NAME'] ?? 'gitlab-ci',
    buildNumber: nonEmpty(env['CI_PIPELINE_IID']) ?? nonEmpty(env['CI_JOB_ID']),
    buildUrl: nonEmpty(env['CI_JOB_URL']),
    commit: nonEmpty(env['CI_COMMIT_SHA']),
    branch: nonEmpty(env['CI_COMMIT_REF_NAME']),
    repoUri: nonEmpty(env['CI_PROJECT_URL']),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Drops undefined fields (exactOptionalPropertyTypes: absent, not undefined). */
function compact(
  fields: { system: CiEnvironment['system']; job: string } & Record<string, string | undefined>,
): CiEnvironment {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as unknown as CiEnvironment;
}
