import { Flags } from '@oclif/core';
import { compositionEventArgs, compositionNameOf } from '../../internal/composition-args.js';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../../internal/publishing-command.js';

export default class ArtifactCreated extends PublishingCommand {
  static override summary = 'Publish an EiffelArtifactCreatedEvent: a build made an artifact.';
  static override description =
    'With --change, the source changes it was built from are recorded as what it is made of: an EiffelCompositionDefinedEvent (named after the identity, with an ELEMENT link to each change) is published first and the artifact links to it as its COMPOSITION — what `tracey trace down` and `trace up` follow. Prints only the artifact id.';
  static override examples = [
    'ARTC=$(tracey artifact created --identity pkg:npm/%40acme/app@1.4.0 --change $SCS --link CONTEXT=$ACT)',
    'tracey artifact created --identity pkg:maven/com.acme/app@2.0 --composition $COMPOSITION --name app.jar',
  ];
  static override flags = {
    identity: Flags.string({
      description: 'package URL (purl) of the artifact, e.g. pkg:npm/app@1.0.0',
      required: true,
    }),
    change: Flags.string({
      description:
        'id of a source change (EiffelSourceChangeSubmittedEvent, or Created) it was built from (repeatable): ' +
        'publishes a composition of them first and links it as COMPOSITION',
      multiple: true,
      exclusive: ['composition'],
    }),
    composition: Flags.string({
      description: 'id of the EiffelCompositionDefinedEvent it was built from',
      exclusive: ['change'],
    }),
    name: Flags.string({ description: 'human-readable name' }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(ArtifactCreated);
    const composition =
      flags.change === undefined
        ? undefined
        : compositionEventArgs({ ...compositionNameOf(flags.identity), elements: flags.change });
    const compositionId = composition?.id ?? flags.composition;
    return this.publishEvent(
      {
        type: 'EiffelArtifactCreatedEvent',
        data: { identity: flags.identity, ...(flags.name === undefined ? {} : { name: flags.name }) },
        links: compositionId === undefined ? [] : [`COMPOSITION=${compositionId}`],
      },
      flags,
      composition === undefined ? [] : [composition],
    );
  }
}
