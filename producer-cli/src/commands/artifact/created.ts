import { Flags } from '@oclif/core';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../../internal/publishing-command.js';

export default class ArtifactCreated extends PublishingCommand {
  static override summary = 'Publish an EiffelArtifactCreatedEvent: a build made an artifact.';
  static override examples = [
    'ARTC=$(tracey artifact created --identity pkg:npm/%40acme/app@1.4.0 --link CAUSE=$SCS)',
    'tracey artifact created --identity pkg:maven/com.acme/app@2.0 --composition $COMPOSITION --name app.jar',
  ];
  static override flags = {
    identity: Flags.string({
      description: 'package URL (purl) of the artifact, e.g. pkg:npm/app@1.0.0',
      required: true,
    }),
    composition: Flags.string({ description: 'id of the EiffelCompositionDefinedEvent it was built from' }),
    name: Flags.string({ description: 'human-readable name' }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(ArtifactCreated);
    return this.publishEvent(
      {
        type: 'EiffelArtifactCreatedEvent',
        data: { identity: flags.identity, ...(flags.name === undefined ? {} : { name: flags.name }) },
        links: flags.composition === undefined ? [] : [`COMPOSITION=${flags.composition}`],
      },
      flags,
    );
  }
}
