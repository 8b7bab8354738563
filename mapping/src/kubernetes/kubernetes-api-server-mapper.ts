import type { CloudEventInput, CloudEventMapper, MappingResult } from '../cloud-event-mapper.js';
import { refuse } from '../cloud-event-mapper.js';
import { cloudEventDataObject, isJsonObject } from '../internal/cloud-event-data.js';
import { mappedCdEvent, NO_TIME_REASON, withTime } from '../internal/mapped-cd-event.js';
import { ociPurl } from '../oci-purl.js';

// Knative ApiServerSource in Resource mode: the data is the whole Kubernetes object.
const ADD = 'dev.knative.apiserver.resource.add';
const UPDATE = 'dev.knative.apiserver.resource.update';
const SERVICE_DEPLOYED = 'dev.cdevents.service.deployed.0.3.0';
const SERVICE_UPGRADED = 'dev.cdevents.service.upgraded.0.3.0';
const CONTAINERS = 'data.spec.template.spec.containers';
const NAME = 'kubernetes-apiserver';

const isDeployment = (object: Record<string, unknown>) =>
  object['apiVersion'] === 'apps/v1' && object['kind'] === 'Deployment';

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** `object.a.b.c`, or `undefined` where a step is missing or not an object. */
function at(object: Record<string, unknown>, ...path: string[]): unknown {
  let value: unknown = object;
  for (const key of path) value = isJsonObject(value) ? value[key] : undefined;
  return value;
}

/**
 * Kubernetes Deployments, as Knative's ApiServerSource (Resource mode) reports them, as CDEvents
 * of release 0.5.1: an `add` is `service.deployed`, an `update` that changed the spec is
 * `service.upgraded`. The service is `metadata.name`, the environment `metadata.namespace` (its
 * source the API server, the CloudEvent's source), the artifact the purl of the first container's
 * image. An update whose `metadata.generation` equals `status.observedGeneration` changed only the
 * status (the controller had already seen this spec) and maps to nothing; so does an `add` of a
 * generation past 1, the source listing an older object again after a restart. Other kinds and
 * deletions are not matched.
 */
export const kubernetesApiServerMapper: CloudEventMapper = {
  name: NAME,
  matches(event: CloudEventInput): boolean {
    if (event.type !== ADD && event.type !== UPDATE) return false;
    const object = cloudEventDataObject(event);
    return object !== undefined && isDeployment(object);
  },
  map(event: CloudEventInput): MappingResult {
    const timed = withTime(event);
    if (timed === undefined) return refuse('time', NO_TIME_REASON);
    const object = cloudEventDataObject(event);
    if (object === undefined || !isDeployment(object))
      return refuse('data', 'must be a Kubernetes Deployment (apiVersion apps/v1, kind Deployment)');
    const name = at(object, 'metadata', 'name');
    if (!nonEmptyString(name)) return refuse('data.metadata.name', 'the Deployment has no name');
    const namespace = at(object, 'metadata', 'namespace');
    if (!nonEmptyString(namespace))
      return refuse('data.metadata.namespace', 'the Deployment has no namespace');
    const skipped = skipReason(event.type, object);
    if (skipped !== undefined) return { ok: true, mapper: NAME, events: [], note: skipped };
    const containers = at(object, 'spec', 'template', 'spec', 'containers');
    if (!Array.isArray(containers) || containers.length === 0)
      return refuse(CONTAINERS, 'the Deployment names no container');
    const image: unknown = isJsonObject(containers[0]) ? containers[0]['image'] : undefined;
    if (!nonEmptyString(image)) return refuse(`${CONTAINERS}[0].image`, 'the first container names no image');
    const purl = ociPurl(image);
    if (!purl.ok) return refuse(`${CONTAINERS}[0].image`, purl.reason);
    const cdevent = mappedCdEvent(timed, {
      type: event.type === ADD ? SERVICE_DEPLOYED : SERVICE_UPGRADED,
      subject: {
        id: name,
        source: event.source,
        content: { environment: { id: namespace, source: event.source }, artifactId: purl.purl },
      },
    });
    return { ok: true, mapper: NAME, events: [cdevent] };
  },
};

/** Why a change of a Deployment is no deployment, or `undefined` when it is one. */
function skipReason(type: string, object: Record<string, unknown>): string | undefined {
  const generation = at(object, 'metadata', 'generation');
  if (type === ADD && typeof generation === 'number' && generation > 1)
    return `an add of generation ${generation}: the source lists an existing Deployment again (after a restart); it was deployed before`;
  const observed = at(object, 'status', 'observedGeneration');
  if (type === UPDATE && typeof generation === 'number' && generation === observed)
    return `a status-only update: metadata.generation ${generation} equals status.observedGeneration (the controller already saw this spec)`;
  return undefined;
}
