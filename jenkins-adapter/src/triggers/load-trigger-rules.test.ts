import { describe, expect, it } from 'vitest';
import { parseTriggerRules } from './load-trigger-rules.js';

const env = { JENKINS_USER: 'ci', JENKINS_TOKEN: 'secret' };

function reasons(text: string, environment: Record<string, string> = env): unknown {
  const result = parseTriggerRules(text, 'rules.yaml', environment);
  return result.ok ? 'ok' : result.error.details['reasons'];
}

const valid = `
rules:
  - name: npm-tests
    bindingKeys: ['eiffel.*.EiffelArtifactCreatedEvent.#']
    eventTypes: [ArtifactCreated]
    conditions:
      - { path: data.identity, matches: '^pkg:npm/' }
    upstream: { linkTypes: [CAUSE], type: SourceChangeSubmitted, path: data.gitIdentifier.repoName, equals: app }
    action:
      type: jenkins
      url: https://jenkins.example.com/
      job: team/app-tests
      parameters: { ARTIFACT: '{{data.identity}}' }
      auth: { userEnv: JENKINS_USER, tokenEnv: JENKINS_TOKEN }
`;

describe('parseTriggerRules', () => {
  it('reads a valid YAML file with defaults applied', () => {
    const result = parseTriggerRules(valid, 'rules.yaml', env);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [rule] = result.rules;
    expect(rule).toMatchObject({
      name: 'npm-tests',
      eventTypes: ['EiffelArtifactCreatedEvent'],
      retry: { attempts: 5, initialDelayMs: 1000, maxDelayMs: 60000 },
      upstream: { type: 'EiffelSourceChangeSubmittedEvent', linkTypes: ['CAUSE'], maxDepth: 10 },
      action: { type: 'jenkins', job: 'team/app-tests' },
    });
    expect(rule?.upstream?.test.path).toEqual(['data', 'gitIdentifier', 'repoName']);
  });

  it('reads JSON too', () => {
    const json = JSON.stringify({
      rules: [{ name: 'hook', bindingKeys: ['#'], action: { type: 'webhook', url: 'http://x.example/' } }],
    });
    expect(reasons(json)).toBe('ok');
  });

  it('names the rule and the field of every problem', () => {
    const text = `
rules:
  - name: first
    bindingKeys: ['eiffel.#']
    action: { type: jenkins, url: 'ftp://jenkins', job: 'a//b' }
  - name: second
    bindingKeys: ['eiffel..x']
    conditions: [{ path: data.x, matches: '(' }]
    action: { type: webhook, url: 'http://h.example/', parameters: { A: '{{data[0]}}' } }
  - bindingKeys: ['#']
    action: { type: teleport }
`;
    expect(reasons(text)).toEqual([
      'rule 1 "first": action.url: must be an http:// or https:// URL',
      'rule 1 "first": action.job: must be a job name, with folders separated by /',
      expect.stringMatching(/^rule 2 "second": bindingKeys.0: word "" must be/),
      expect.stringMatching(/^rule 2 "second": conditions.0.matches: is not a regular expression/),
      expect.stringMatching(/^rule 2 "second": action.parameters.A: \{\{data\[0\]\}\}: segment/),
      expect.stringMatching(/^rule 3: name: /),
      expect.stringMatching(/^rule 3: action.type: /),
    ]);
  });

  it('refuses unknown fields and unknown types', () => {
    const text = `
rules:
  - { name: a, bindingKeys: ['#'], eventTypes: [Nonsense], action: { type: webhook, url: 'http://h.example/', secret: x } }
`;
    expect(reasons(text)).toEqual([
      'rule 1 "a": eventTypes.0: unknown Eiffel event type "Nonsense"',
      'rule 1 "a": action: Unrecognized key: "secret"',
    ]);
  });

  it('refuses two rules of the same name', () => {
    const text = `
rules:
  - { name: a, bindingKeys: ['#'], action: { type: webhook, url: 'http://h.example/' } }
  - { name: a, bindingKeys: ['#'], action: { type: publish, eventType: ArtifactCreated } }
`;
    expect(reasons(text)).toEqual(['rule 2 "a": name: "a" is used twice']);
  });

  it('requires the environment variables a rule names for its secrets', () => {
    expect(reasons(valid, { JENKINS_USER: 'ci' })).toEqual([
      'rule 1 "npm-tests": action.auth.tokenEnv: environment variable JENKINS_TOKEN is not set',
    ]);
  });

  it('reports missing variables together with the other problems of the file', () => {
    const text = valid.replace('https://jenkins.example.com/', 'jenkins');
    expect(reasons(text, {})).toEqual([
      'rule 1 "npm-tests": action.url: must be an http:// or https:// URL',
      'rule 1 "npm-tests": action.auth.userEnv: environment variable JENKINS_USER is not set',
      'rule 1 "npm-tests": action.auth.tokenEnv: environment variable JENKINS_TOKEN is not set',
    ]);
  });

  it('reports a file that is not YAML, or not a rules file', () => {
    expect(reasons('rules: [')).toEqual([expect.stringMatching(/^\(file\): not YAML or JSON/)]);
    expect(reasons('triggers: []')).toEqual([
      'rules: Invalid input: expected array, received undefined',
      '(file): Unrecognized key: "triggers"',
    ]);
  });

  it('checks the upstream condition like any other', () => {
    const text = `
rules:
  - name: up
    bindingKeys: ['#']
    upstream: { linkTypes: [NOPE], type: ArtifactCreated, path: data.identity }
    action: { type: webhook, url: 'http://h.example/' }
`;
    expect(reasons(text)).toEqual([
      'rule 1 "up": upstream.linkTypes.0: is not an Eiffel link type',
      'rule 1 "up": upstream: needs exactly one of equals, notEquals, matches, oneOf, exists',
    ]);
  });
});
