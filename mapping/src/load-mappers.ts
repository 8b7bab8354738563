import { readFile } from 'node:fs/promises';
import { TraceyError } from '@tracey/common';
import type { CloudEventMapper } from './cloud-event-mapper.js';
import { githubMapper, type GithubMapperOptions } from './github/github-mapper.js';
import { gitlabMapper } from './gitlab/gitlab-mapper.js';
import { jiraMapper, type JiraMapperOptions } from './jira/jira-mapper.js';
import { devlakeMapper } from './dora-rest/devlake-mapper.js';
import { devopsticMapper } from './dora-rest/devopstic-mapper.js';
import { emMetricsMapper } from './dora-rest/em-metrics-mapper.js';
import { kubernetesApiServerMapper } from './kubernetes/kubernetes-api-server-mapper.js';
import { MAPPING_ERROR_CODES } from './mapping-error.js';
import { yamlMappers } from './yaml/yaml-mappers.js';

/**
 * The mappers Tracey has built in, in the order they are tried: Kubernetes ApiServerSource events,
 * GitHub and GitLab webhooks as CloudEvents `com.github.<event>`, `com.gitlab.<object_kind>`
 * (default incident label `incident`), Jira webhooks as `com.atlassian.jira.<event>`, and the DORA REST intakes' calls (em-metrics, DevLake,
 * DevOpstic) as `dev.tracey.<tool>.…`.
 */
export const BUILT_IN_MAPPERS: readonly CloudEventMapper[] = builtInMappers();

/**
 * What the built-in forge mappers take from the configuration: which issues are incidents, where;
 * which workflows deploy; which Jira statuses start work.
 */
export type BuiltInMapperOptions = GithubMapperOptions & JiraMapperOptions;

/** The built-in mappers, the forges' with `options` (an incident label, an incident environment). */
export function builtInMappers(options: BuiltInMapperOptions = {}): CloudEventMapper[] {
  return [
    kubernetesApiServerMapper,
    githubMapper(options),
    gitlabMapper(options),
    jiraMapper(options),
    emMetricsMapper,
    devlakeMapper,
    devopsticMapper,
  ];
}

/**
 * The built-in mappers, then those of the YAML file at `file` (`TRACEY_MAPPERS_FILE`) when given.
 * @throws TraceyError `MAPPING_CONFIG_UNREADABLE` when the file cannot be read,
 *   `MAPPING_CONFIG_INVALID` when it is no valid mapper configuration.
 */
export async function loadMappers(
  file?: string,
  options: BuiltInMapperOptions = {},
): Promise<CloudEventMapper[]> {
  if (file === undefined || file === '') return builtInMappers(options);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TraceyError(
      MAPPING_ERROR_CODES.configUnreadable,
      `cannot read the mappers file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { details: { file }, cause: error },
    );
  }
  return [...builtInMappers(options), ...yamlMappers(text, file)];
}
