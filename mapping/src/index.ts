// Public surface of @tracey/mapping: CloudEvents in, pipeline events (CDEvents) out.
export type { CloudEventInput, CloudEventMapper, MappingResult } from './cloud-event-mapper.js';
export { toPipelineEvents } from './to-pipeline-events.js';
export { kubernetesApiServerMapper } from './kubernetes/kubernetes-api-server-mapper.js';
export { yamlMappers } from './yaml/yaml-mappers.js';
export { loadMappers, builtInMappers, BUILT_IN_MAPPERS } from './load-mappers.js';
export type { BuiltInMapperOptions } from './load-mappers.js';
export { ociPurl } from './oci-purl.js';
export type { OciPurlResult } from './oci-purl.js';
export { MAPPING_ERROR_CODES } from './mapping-error.js';
export { githubMapper, GITHUB_TYPE_PREFIX } from './github/github-mapper.js';
export type { GithubMapperOptions } from './github/github-mapper.js';
export { gitlabMapper, GITLAB_TYPE_PREFIX } from './gitlab/gitlab-mapper.js';
export type { GitlabMapperOptions } from './gitlab/gitlab-mapper.js';
export { jiraMapper, JIRA_TYPE_PREFIX } from './jira/jira-mapper.js';
export type { JiraMapperOptions } from './jira/jira-mapper.js';
export {
  emMetricsMapper,
  emMetricsDeploymentEventId,
  EM_METRICS_SOURCE,
  EM_METRICS_TYPE_PREFIX,
} from './dora-rest/em-metrics-mapper.js';
export { devlakeMapper, DEVLAKE_TYPE_PREFIX } from './dora-rest/devlake-mapper.js';
export { devopsticMapper, DEVOPSTIC_SOURCE, DEVOPSTIC_TYPE } from './dora-rest/devopstic-mapper.js';
export { repositoryOf } from './dora-rest/rest-body.js';
export type { Repository } from './dora-rest/rest-body.js';
