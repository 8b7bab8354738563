/** The phases the Jenkins Notification plugin reports, in order. */
export const BUILD_PHASES = ['QUEUED', 'STARTED', 'COMPLETED', 'FINALIZED'] as const;
export type BuildPhase = (typeof BUILD_PHASES)[number];

/** One build of the demo's stand-in Jenkins. */
export interface DemoBuild {
  /** Jenkins' root URL, ending with `/`. */
  readonly jenkinsUrl: string;
  readonly job: string;
  readonly number: number;
  /** Build parameters, `TRACEY_CAUSE` among them when an event started the build. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The commit the build checked out, and its repository. */
  readonly scm: { readonly url: string; readonly branch: string; readonly commit: string };
  /** When it left the queue (ms); it waited `queuedMs` before. */
  readonly startedAt: number;
  readonly queuedMs: number;
  readonly durationMs: number;
  readonly result: 'SUCCESS' | 'UNSTABLE' | 'FAILURE';
}

/** The build's URL, which the adapter derives the build's event ids from. */
export function buildUrl(build: DemoBuild): string {
  return `${build.jenkinsUrl}job/${encodeURIComponent(build.job)}/${build.number}/`;
}

/** The JSON the Notification plugin posts for `phase` of `build` (its documented shape). */
export function buildNotification(build: DemoBuild, phase: BuildPhase): Record<string, unknown> {
  const finished = phase === 'COMPLETED' || phase === 'FINALIZED';
  const relative = `job/${encodeURIComponent(build.job)}/${build.number}/`;
  return {
    name: build.job,
    display_name: build.job,
    url: `job/${encodeURIComponent(build.job)}/`,
    build: {
      full_url: buildUrl(build),
      number: build.number,
      queue_id: build.number,
      timestamp: phase === 'QUEUED' ? build.startedAt - build.queuedMs : build.startedAt,
      duration: finished ? build.durationMs : 0,
      phase,
      url: relative,
      display_name: `#${build.number}`,
      scm: {
        url: build.scm.url,
        branch: build.scm.branch,
        commit: build.scm.commit,
        changes: [],
        culprits: [],
      },
      parameters: build.parameters,
      log: '',
      notes: '',
      ...(finished ? { status: build.result } : {}),
    },
  };
}
