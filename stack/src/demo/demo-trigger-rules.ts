/** Tag the demo puts on its events, so the demo's trigger rule takes only those. */
export const DEMO_TAG = 'tracey-demo';
/** The Jenkins job the demo's rule starts when a release candidate is declared. */
export const DEMO_DEPLOY_JOB = 'shop-deploy-staging';

/**
 * The trigger rules `npm start` gives the adapter when TRACEY_TRIGGER_RULES is unset: a demo
 * release candidate (a successful `RELEASE_CANDIDATE` confidence level tagged `tracey-demo`)
 * starts the deploy job on the demo's stand-in Jenkins at `jenkinsUrl`, passing the artifact.
 */
export function demoTriggerRules(jenkinsUrl: string): { rules: unknown[] } {
  return {
    rules: [
      {
        name: 'deploy-release-candidate',
        bindingKeys: ['eiffel.*.EiffelConfidenceLevelModifiedEvent.#'],
        eventTypes: ['ConfidenceLevelModified'],
        conditions: [
          { path: 'data.name', equals: 'RELEASE_CANDIDATE' },
          { path: 'data.value', equals: 'SUCCESS' },
          { path: 'meta.tags.*', equals: DEMO_TAG },
        ],
        action: {
          type: 'jenkins',
          url: jenkinsUrl,
          job: DEMO_DEPLOY_JOB,
          parameters: { ARTIFACT_EVENT: '{{links.0.target}}' },
        },
        retry: { attempts: 3, initialDelayMs: 500, maxDelayMs: 2_000 },
      },
    ],
  };
}
