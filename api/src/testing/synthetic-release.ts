import { randomUUID } from 'node:crypto';
import { eiffelEvent } from '@tracey/schemas';

/**
 * A small release with what the fixtures lack: work items linked to source changes (and one named
 * only in a SourceChangeCreated 1.0.0's `data.issues`), a de-resolved issue that is no work item
 * of the release, a third-party library, a missing element, and deployments of every kind.
 */
export function syntheticRelease(): unknown[] {
  let clock = 1_800_000_000_000;
  const at = () => ({ time: (clock += 60_000) });
  const issue = (id: string) =>
    eiffelEvent(
      'EiffelIssueDefinedEvent',
      { type: 'BUG', tracker: 'JIRA', id, uri: `https://jira.example.com/browse/${id}`, title: `bug ${id}` },
      at(),
    ).build();
  const resolved = issue('APP-1');
  const partly = issue('APP-2');
  const undone = issue('APP-3');
  const git = (commitId: string) => ({
    commitId,
    repoName: 'app',
    repoUri: 'https://git.example.com/app.git',
    branch: 'main',
  });
  const base = eiffelEvent('EiffelSourceChangeSubmittedEvent', { gitIdentifier: git('a0') }, at()).build();
  const change = eiffelEvent(
    'EiffelSourceChangeCreatedEvent',
    { gitIdentifier: git('a1'), author: { name: 'Ada', email: 'ada@example.com' } },
    at(),
  )
    .link('BASE', base.meta.id)
    .link('RESOLVED_ISSUE', resolved.meta.id)
    .link('PARTIALLY_RESOLVED_ISSUE', partly.meta.id)
    .link('DERESOLVED_ISSUE', undone.meta.id)
    .build();
  const submitted = eiffelEvent(
    'EiffelSourceChangeSubmittedEvent',
    { gitIdentifier: git('a1'), submitter: { name: 'Grace' } },
    at(),
  )
    .link('CHANGE', change.meta.id)
    .build();
  const oldChange = {
    meta: { id: randomUUID(), type: 'EiffelSourceChangeCreatedEvent', version: '1.0.0', ...at() },
    data: {
      gitIdentifier: git('b1'),
      author: { name: 'Linus' },
      issues: [
        {
          type: 'FEATURE',
          tracker: 'JIRA',
          id: 'APP-9',
          uri: 'https://jira.example.com/browse/APP-9',
          transition: 'RESOLVED',
        },
        {
          type: 'BUG',
          tracker: 'JIRA',
          id: 'APP-8',
          uri: 'https://jira.example.com/browse/APP-8',
          transition: 'REMOVED',
        },
      ],
    },
    links: [],
  };
  const oldSubmitted = eiffelEvent('EiffelSourceChangeSubmittedEvent', { gitIdentifier: git('b1') }, at())
    .link('CHANGE', oldChange.meta.id)
    .build();
  const library = eiffelEvent(
    'EiffelArtifactCreatedEvent',
    { identity: 'pkg:npm/left-pad@1.3.0' },
    at(),
  ).build();
  const composition = eiffelEvent('EiffelCompositionDefinedEvent', { name: 'app', version: '2.0' }, at())
    .link('ELEMENT', submitted.meta.id)
    .link('ELEMENT', oldSubmitted.meta.id)
    .link('ELEMENT', library.meta.id)
    .link('ELEMENT', randomUUID())
    .build();
  const artifact = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/app@2.0.0' }, at())
    .link('COMPOSITION', composition.meta.id)
    .build();
  const published = eiffelEvent(
    'EiffelArtifactPublishedEvent',
    { locations: [{ type: 'PLAIN', uri: 'https://registry.example.com/app-2.0.0.tgz' }] },
    at(),
  )
    .link('ARTIFACT', artifact.meta.id)
    .build();
  const level = eiffelEvent('EiffelConfidenceLevelModifiedEvent', { name: 'release', value: 'SUCCESS' }, at())
    .link('SUBJECT', artifact.meta.id)
    .build();
  const environment = eiffelEvent('EiffelEnvironmentDefinedEvent', { name: 'production', version: '7' }, at())
    .link('RUNTIME_ENVIRONMENT', artifact.meta.id)
    .build();
  const deployed = eiffelEvent('EiffelArtifactDeployedEvent', {}, at())
    .link('ARTIFACT', artifact.meta.id)
    .link('ENVIRONMENT', environment.meta.id)
    .build();
  const deployJob = eiffelEvent(
    'EiffelActivityTriggeredEvent',
    { name: 'Deploy app to production', triggers: [{ type: 'EIFFEL_EVENT' }] },
    at(),
  )
    .link('CAUSE', level.meta.id)
    .build();
  const testJob = eiffelEvent('EiffelActivityTriggeredEvent', { name: 'test app' }, at())
    .link('CAUSE', level.meta.id)
    .build();
  return [
    resolved,
    partly,
    undone,
    base,
    change,
    submitted,
    oldChange,
    oldSubmitted,
    library,
    composition,
    artifact,
    published,
    level,
    environment,
    deployed,
    deployJob,
    testJob,
  ];
}
