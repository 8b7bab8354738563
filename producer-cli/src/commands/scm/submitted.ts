import { Flags } from '@oclif/core';
import { sourceChangeSubmittedData } from '@tracey/producer-core';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../../internal/publishing-command.js';
import { commitFor, scmFlags } from '../../internal/scm-flags.js';

export default class ScmSubmitted extends PublishingCommand {
  static override summary = 'Publish an EiffelSourceChangeSubmittedEvent: a commit reached a branch.';
  static override examples = [
    'SCS=$(tracey scm submitted --change $SCC)',
    'tracey scm submitted --change $SCC --previous $PREVIOUS_SCS',
  ];
  static override flags = {
    ...scmFlags,
    change: Flags.string({ description: 'id of the EiffelSourceChangeCreatedEvent of the change' }),
    previous: Flags.string({
      description: 'id of the previous EiffelSourceChangeSubmittedEvent on the branch',
    }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(ScmSubmitted);
    const commit = await commitFor(flags, this.ci());
    const links = [
      ...(flags.change === undefined ? [] : [`CHANGE=${flags.change}`]),
      ...(flags.previous === undefined ? [] : [`PREVIOUS_VERSION=${flags.previous}`]),
    ];
    return this.publishEvent(
      { type: 'EiffelSourceChangeSubmittedEvent', data: sourceChangeSubmittedData(commit), links },
      flags,
    );
  }
}
