import { describe, expect, it } from 'vitest';
import { buildParameters, jobUrlPath } from './jenkins-action.js';
import { triggerActionSchema, type JenkinsAction } from './trigger-rule.js';

const action = triggerActionSchema.parse({
  type: 'jenkins',
  url: 'https://jenkins.example.com/',
  job: 'team/app tests',
  parameters: { ARTIFACT: '{{data.identity}}', TRACEY_CAUSE: 'not this' },
}) as JenkinsAction;

describe('Jenkins action', () => {
  it('puts each folder and the job under job/, encoded', () => {
    expect(jobUrlPath('team/app tests')).toBe('job/team/job/app%20tests/');
    expect(jobUrlPath('app')).toBe('job/app/');
  });

  it('fills the parameters from the event and always sets TRACEY_CAUSE to its id', () => {
    const result = buildParameters(action, { eventId: 'e1', event: { data: { identity: 'pkg:npm/a@1' } } });
    expect(result.ok && Object.fromEntries(result.values)).toEqual({
      ARTIFACT: 'pkg:npm/a@1',
      TRACEY_CAUSE: 'e1',
    });
  });

  it('refuses to start a build with a parameter the event has no value for', () => {
    expect(buildParameters(action, { eventId: 'e1', event: { data: {} } })).toEqual({
      ok: false,
      reason: 'parameter ARTIFACT: {{data.identity}}: the event has no value there',
    });
  });
});
