/** Where a deployment was read from. */
export type DeploymentSource = 'cdevents' | 'eiffel-artifact-deployed' | 'eiffel-activity';

/** A deployment as the graph states it, before any other event is taken into account. */
export interface DeploymentEvent {
  readonly id: string;
  readonly source: DeploymentSource;
  /** `service.rolledback`: a deployment of its own that marks the one it replaced failed. */
  readonly rollback: boolean;
  readonly service: string;
  readonly environment: string;
  /** The artifact's purl, when the deployment names one. */
  readonly artifact: string | null;
  readonly time: number;
  /** From the event itself: `customData.outcome`, an activity's conclusion. */
  readonly outcome: 'success' | 'failure';
  /** Where the walk for its changes starts: the deployment, or an activity's artifact. */
  readonly walkFrom: string | null;
}

/** How an incident was put on a deployment. */
export type CauseMethod = 'explicit' | 'root-cause' | 'artifact' | 'window' | 'none';

/** An incident: the `incident.detected|reported` events of one subject id, closed by its `incident.resolved`. */
export interface IncidentRecord {
  /** The subject id (`INC-42`). */
  readonly id: string;
  readonly eventIds: readonly string[];
  readonly service: string | null;
  readonly environment: string | null;
  readonly artifact: string | null;
  readonly detectedAt: number;
  readonly resolvedAt: number | null;
  /** The artifact the resolving event names (`subject.content.artifactId`): what was deployed to fix it. */
  readonly fixArtifact: string | null;
  /** Deployments the detection events link to explicitly (not derived links). */
  readonly linkedDeployments: readonly string[];
  /** The commit a detection names as the cause (`customData.rootCause`), lower-case. */
  readonly rootCause: string | null;
}

/** A node the delta walk reads: its time (`null` for a placeholder) and what it is. */
export interface ContentNode {
  readonly id: string;
  readonly time: number | null;
  readonly type: string | null;
  /** Whether it resolves a work item of type bug (`RESOLVED_ISSUE`, `PARTIALLY_RESOLVED_ISSUE`). */
  readonly bug: boolean;
  /** Whether it opens a change for review: a pull or merge request's `change.created` (no commit of its own). */
  readonly opensReview?: boolean;
}

/** A link the delta walk follows, with its type. */
export interface ContentLink {
  readonly target: ContentNode;
  readonly type: string;
}

/** A change of a deployment's delta: the change events of one change (linked by CHANGE / SAME_CHANGE). */
export interface DeltaChange {
  /** The newest of its events. */
  readonly id: string;
  readonly eventIds: readonly string[];
  /** The earliest time of its events: the change's start. */
  readonly time: number;
  readonly bug: boolean;
  /** When it was opened for review (its pull or merge request created), if it was. */
  readonly reviewAt: number | null;
  /** When it was merged (`change.merged`, an Eiffel submission), if it was. */
  readonly mergedAt: number | null;
}
