import { readFile } from 'node:fs/promises';
import { TraceyError } from '@tracey/common';
import type { CloudEventMapper } from './cloud-event-mapper.js';
import { githubMapper } from './github/github-mapper.js';
import { gitlabMapper } from './gitlab/gitlab-mapper.js';
import { kubernetesApiServerMapper } from './kubernetes/kubernetes-api-server-mapper.js';
import { MAPPING_ERROR_CODES } from './mapping-error.js';
import { yamlMappers } from './yaml/yaml-mappers.js';

/**
 * The mappers Tracey has built in, in the order they are tried: Kubernetes ApiServerSource events,
 * and GitHub and GitLab webhooks as CloudEvents `com.github.<event>`, `com.gitlab.<object_kind>`
 * (default incident label `incident`).
 */
export const BUILT_IN_MAPPERS: readonly CloudEventMapper[] = [
  kubernetesApiServerMapper,
  githubMapper(),
  gitlabMapper(),
];

/**
 * The built-in mappers, then those of the YAML file at `file` (`TRACEY_MAPPERS_FILE`) when given.
 * @throws TraceyError `MAPPING_CONFIG_UNREADABLE` when the file cannot be read,
 *   `MAPPING_CONFIG_INVALID` when it is no valid mapper configuration.
 */
export async function loadMappers(file?: string): Promise<CloudEventMapper[]> {
  if (file === undefined || file === '') return [...BUILT_IN_MAPPERS];
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
  return [...BUILT_IN_MAPPERS, ...yamlMappers(text, file)];
}
