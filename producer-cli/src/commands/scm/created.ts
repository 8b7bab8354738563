import { Flags } from '@oclif/core';
import { mentionedIssues, sourceChangeCreatedData } from '@tracey/producer-core';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../../internal/publishing-command.js';
import { commitFor, scmFlags } from '../../internal/scm-flags.js';

export default class ScmCreated extends PublishingCommand {
  static override summary = 'Publish an EiffelSourceChangeCreatedEvent for a git commit.';
  static override description =
    'Reads the commit with git: sha, branch, repository URI and author. Each issue its message mentions (ABC-123, #42) is published first as an EiffelIssueDefinedEvent with an id derived from the issue, and linked as RESOLVED_ISSUE ("fixes #42") or PARTIALLY_RESOLVED_ISSUE. Prints only the source change id.';
  static override examples = [
    'SCC=$(tracey scm created)',
    'SCC=$(tracey scm created --commit v1.2.0 --issue-url "https://jira.acme.com/browse/{id}")',
  ];
  static override flags = {
    ...scmFlags,
    'issue-url': Flags.string({
      description: 'URI of a tracker key like ABC-123, with {id}, e.g. https://jira.acme.com/browse/{id}',
    }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(ScmCreated);
    const commit = await commitFor(flags, this.ci());
    const uris = flags['issue-url'] === undefined ? {} : { keyTemplate: flags['issue-url'] };
    const issues = mentionedIssues(commit, uris);
    return this.publishEvent(
      {
        type: 'EiffelSourceChangeCreatedEvent',
        data: sourceChangeCreatedData(commit),
        links: issues.map((issue) => `${issue.linkType}=${issue.eventId}`),
      },
      flags,
      issues.map((issue) => ({ type: 'EiffelIssueDefinedEvent', data: issue.data, id: issue.eventId })),
    );
  }
}
