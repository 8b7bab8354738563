import { posix } from 'node:path';
import { eiffelEvent, type EiffelEvent, type EiffelLatestDataMap } from '@tracey/schemas';
import { buildEventId, buildIdentity } from './event-ids.js';
import type { JenkinsNotification, JenkinsResult } from './jenkins-notification.js';
import { renderPurl } from './purl-template.js';

/** `meta.source.name` of every event the adapter makes. */
export const ADAPTER_SOURCE_NAME = 'tracey-jenkins-adapter';

/** The build parameter that names the event which caused a build (set by Tracey's triggers). */
export const CAUSE_PARAMETER = 'TRACEY_CAUSE';

/** Eiffel event ids as the protocol's meta.id pattern has them. */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Conclusion = EiffelLatestDataMap['EiffelActivityFinishedEvent']['outcome']['conclusion'];
type CustomData = { readonly key: string; readonly value: unknown }[];

/** How a Jenkins result reads as an Eiffel activity conclusion. */
export const CONCLUSION_OF_RESULT: Readonly<Record<JenkinsResult, Conclusion>> = {
  SUCCESS: 'SUCCESSFUL',
  // Built, but tests failed: the activity ran and did not give the wanted result.
  UNSTABLE: 'UNSUCCESSFUL',
  FAILURE: 'FAILED',
  ABORTED: 'ABORTED',
  // Not run (e.g. a skipped stage): nothing can be said about the outcome.
  NOT_BUILT: 'INCONCLUSIVE',
};

export interface MappingOptions {
  /** purl template of archived artifacts (see `purl-template.ts`). */
  readonly purlTemplate: string;
  /** Whether to include the activity's triggered event (false once this process published it). */
  readonly withTriggered: boolean;
  /** Id of the source change event of `build.scm.commit`, when the graph has one. */
  readonly sourceChange?: string | undefined;
}

/** The events of one notification, in publish order, and what was left out and why. */
export interface MappedNotification {
  /** Id of the build's triggered event, whether or not it is among `events`. */
  readonly triggeredId: string;
  readonly events: readonly EiffelEvent[];
  readonly warnings: readonly string[];
}

/**
 * The identity of a build run across notifications: its full URL, else (Jenkins' root URL not
 * set) its relative URL, else the job and number; with `#<queue_id>` when the plugin sends one, so
 * that a re-created job's build #1 is not the old build #1. Ids and links are derived from it.
 */
export function buildKey(notification: JenkinsNotification): string {
  const { build } = notification;
  return buildIdentity(
    build.full_url ?? build.url ?? `${jobPath(notification)}/${build.number}`,
    build.queue_id,
  );
}

/** The job's full name: folders from the job URL (`job/team/job/app/` → `team/app`), else `name`. */
export function jobPath(notification: JenkinsNotification): string {
  const segments = (notification.url ?? '').split('/').filter((segment) => segment !== '');
  const names = segments.filter((_, index) => index % 2 === 1);
  const wellFormed = names.length > 0 && segments.every((s, i) => i % 2 === 1 || s === 'job');
  return wellFormed ? names.map((name) => decodeURIComponent(name)).join('/') : notification.name;
}

/** The id of the event that caused the build, from its `TRACEY_CAUSE` parameter. */
function causeOf(notification: JenkinsNotification, warnings: string[]): string | undefined {
  const value = notification.build.parameters?.[CAUSE_PARAMETER];
  if (value === undefined || value === null || value === '') return undefined;
  const id = String(value).trim().toLowerCase();
  if (EVENT_ID.test(id)) return id;
  warnings.push(
    `parameter ${CAUSE_PARAMETER} is not an event id (${String(value).slice(0, 80)}): no CAUSE link`,
  );
  return undefined;
}

/** Custom data with the members that are present, in a fixed order (content must be deterministic). */
function customData(entries: readonly (readonly [string, unknown])[]): CustomData {
  return entries.filter(([, value]) => value !== undefined).map(([key, value]) => ({ key, value }));
}

function outcomeDescription(notification: JenkinsNotification): string {
  const { status, test_summary: tests } = notification.build;
  const result = status === undefined ? 'Jenkins reported no result' : `Jenkins result ${status}`;
  if (tests === undefined) return result;
  return `${result}; tests: ${tests.total} total, ${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped`;
}

/**
 * The Eiffel events one Jenkins notification stands for. Pure and deterministic: the same
 * notification and options give the same events, byte for byte, so a repeated delivery is a
 * duplicate the aggregator drops.
 * - every phase: `EiffelActivityTriggeredEvent` (name = job, time = the build's timestamp) when
 *   `withTriggered`, with CAUSE links to `TRACEY_CAUSE` and to the source change;
 * - STARTED: `EiffelActivityStartedEvent`;
 * - COMPLETED and FINALIZED: `EiffelActivityFinishedEvent` (one id for both), and an
 *   `EiffelArtifactCreatedEvent` per archived artifact.
 * @throws TraceyError `SCHEMAS_EVENT_INVALID` when a built event breaks its definition (a bug).
 */
export function notificationEvents(
  notification: JenkinsNotification,
  options: MappingOptions,
): MappedNotification {
  const { build } = notification;
  const key = buildKey(notification);
  const job = jobPath(notification);
  const warnings: string[] = [];
  const triggeredId = buildEventId(key, 'triggered');
  const source = {
    name: ADAPTER_SOURCE_NAME,
    // Fixed per build, never this machine's name: replicas must build identical events.
    host: build.full_url === undefined ? 'jenkins' : new URL(build.full_url).hostname,
    ...(build.full_url === undefined ? {} : { uri: build.full_url }),
  };
  const endTime = build.timestamp + (build.duration ?? 0);
  const events: EiffelEvent[] = [];

  if (options.withTriggered) {
    const cause = causeOf(notification, warnings);
    const triggers = [
      ...(cause === undefined ? [] : [{ type: 'EIFFEL_EVENT' as const, description: cause }]),
      ...(options.sourceChange === undefined
        ? []
        : [{ type: 'SOURCE_CHANGE' as const, description: build.scm?.commit ?? '' }]),
    ];
    const triggered = eiffelEvent(
      'EiffelActivityTriggeredEvent',
      {
        // No executionType: the payload does not say whether a person or a timer started the build.
        name: job,
        ...(triggers.length === 0 ? {} : { triggers }),
        customData: customData([
          ['jenkinsBuildNumber', build.number],
          ['jenkinsQueueId', build.queue_id],
          ['jenkinsBuildUrl', build.full_url ?? build.url],
          ['scmUrl', build.scm?.url],
          ['scmBranch', build.scm?.branch],
          ['scmCommit', build.scm?.commit],
        ]),
      },
      { id: triggeredId, time: build.timestamp, source },
    );
    if (cause !== undefined) triggered.link('CAUSE', cause);
    if (options.sourceChange !== undefined && options.sourceChange !== cause) {
      triggered.link('CAUSE', options.sourceChange);
    }
    events.push(triggered.build());
  }

  if (build.phase === 'STARTED') {
    const started = eiffelEvent(
      'EiffelActivityStartedEvent',
      {
        ...(build.full_url === undefined
          ? {}
          : {
              executionUri: build.full_url,
              liveLogs: [{ name: 'console', uri: `${build.full_url}console` }],
            }),
      },
      { id: buildEventId(key, 'started'), time: build.timestamp, source },
    ).link('ACTIVITY_EXECUTION', triggeredId);
    events.push(started.build());
  }

  if (build.phase === 'COMPLETED' || build.phase === 'FINALIZED') {
    if (build.status === undefined) warnings.push('the notification has no status: conclusion INCONCLUSIVE');
    const finished = eiffelEvent(
      'EiffelActivityFinishedEvent',
      {
        outcome: {
          conclusion: build.status === undefined ? 'INCONCLUSIVE' : CONCLUSION_OF_RESULT[build.status],
          description: outcomeDescription(notification),
        },
        ...(build.full_url === undefined
          ? {}
          : { persistentLogs: [{ name: 'console', uri: `${build.full_url}consoleText` }] }),
      },
      { id: buildEventId(key, 'finished'), time: endTime, source },
    ).link('ACTIVITY_EXECUTION', triggeredId);
    events.push(finished.build());

    // Sorted: the plugin's object order is not something to depend on.
    for (const path of Object.keys(build.artifacts ?? {}).sort()) {
      const identity = renderPurl(options.purlTemplate, {
        job,
        file: posix.basename(path),
        path,
        build: String(build.number),
      });
      const artifact = eiffelEvent(
        'EiffelArtifactCreatedEvent',
        {
          identity,
          fileInformation: [{ name: path }],
          customData: customData([['jenkinsArchiveUrl', build.artifacts?.[path]?.archive]]),
        },
        { id: buildEventId(key, { artifact: path }), time: endTime, source },
      ).link('CONTEXT', triggeredId);
      events.push(artifact.build());
    }
  }
  return { triggeredId, events, warnings };
}
