// Public surface of @tracey/mapping: CloudEvents in, pipeline events (CDEvents) out.
export type { CloudEventInput, CloudEventMapper, MappingResult } from './cloud-event-mapper.js';
export { toPipelineEvents } from './to-pipeline-events.js';
export { kubernetesApiServerMapper } from './kubernetes/kubernetes-api-server-mapper.js';
export { yamlMappers } from './yaml/yaml-mappers.js';
export { loadMappers, BUILT_IN_MAPPERS } from './load-mappers.js';
export { ociPurl } from './oci-purl.js';
export type { OciPurlResult } from './oci-purl.js';
export { MAPPING_ERROR_CODES } from './mapping-error.js';
export { githubMapper, GITHUB_TYPE_PREFIX } from './github/github-mapper.js';
export type { GithubMapperOptions } from './github/github-mapper.js';
export { gitlabMapper, GITLAB_TYPE_PREFIX } from './gitlab/gitlab-mapper.js';
export type { GitlabMapperOptions } from './gitlab/gitlab-mapper.js';
