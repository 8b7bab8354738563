import { Flags } from '@oclif/core';
import { CdCommand, cdFlags, idObject } from '../../../internal/cd-command.js';

export default class CdChangeMerged extends CdCommand {
  static override summary = 'Publish a CDEvents change.merged: a change (pull request) was merged.';
  static override description =
    'subject.id is the change (e.g. the pull request URL or its number); --repository names the repository; --commit the merge commit, kept as customData.commitId: the Eiffel source change of the same commit is then the same change in the graph. Prints only the event id.';
  static override examples = [
    'tracey cd change merged --change https://github.com/acme/app/pull/42 --repository acme/app --commit "$(git rev-parse HEAD)"',
  ];
  static override flags = {
    change: Flags.string({ description: 'id of the change, e.g. a pull request URL', required: true }),
    repository: Flags.string({ description: 'id of the repository, e.g. acme/app' }),
    commit: Flags.string({ description: 'the full hash of the merge commit (customData.commitId)' }),
    ...cdFlags,
  };

  async run() {
    const { flags } = await this.parse(CdChangeMerged);
    return this.publishCdEvent(
      'dev.cdevents.change.merged.0.3.0',
      { id: flags.change, content: idObject('repository', flags.repository) },
      flags,
      flags.commit === undefined ? undefined : { commitId: flags.commit },
    );
  }
}
