import { Flags } from '@oclif/core';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../internal/publishing-command.js';

export default class Confidence extends PublishingCommand {
  static override summary = 'Publish an EiffelConfidenceLevelModifiedEvent about one or more subjects.';
  static override examples = [
    'tracey confidence --subject $ARTC --name RELEASE_CANDIDATE --value SUCCESS',
    'tracey confidence --subject $ARTC --name smoke-tests --value FAILURE --link CAUSE=$TEST_SUITE',
  ];
  static override flags = {
    subject: Flags.string({
      description: 'id of an event the confidence is about (repeatable)',
      required: true,
      multiple: true,
    }),
    name: Flags.string({
      description: 'name of the confidence level, e.g. RELEASE_CANDIDATE',
      required: true,
    }),
    value: Flags.string({
      description: 'the value',
      required: true,
      options: ['SUCCESS', 'FAILURE', 'INCONCLUSIVE'],
    }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(Confidence);
    return this.publishEvent(
      {
        type: 'EiffelConfidenceLevelModifiedEvent',
        data: { name: flags.name, value: flags.value },
        links: flags.subject.map((id) => `SUBJECT=${id}`),
      },
      flags,
    );
  }
}
