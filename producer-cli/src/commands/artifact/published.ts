import { Flags } from '@oclif/core';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../../internal/publishing-command.js';

export default class ArtifactPublished extends PublishingCommand {
  static override summary =
    'Publish an EiffelArtifactPublishedEvent: an artifact can be fetched from a location.';
  static override examples = [
    'tracey artifact published --artifact $ARTC --location https://registry.npmjs.org/@acme/app/-/app-1.4.0.tgz',
    'tracey artifact published --artifact $ARTC --location https://nexus.acme.com/repo/app.jar --location-type NEXUS',
  ];
  static override flags = {
    artifact: Flags.string({ description: 'id of the EiffelArtifactCreatedEvent', required: true }),
    location: Flags.string({
      description: 'URI the artifact can be fetched from (repeatable)',
      required: true,
      multiple: true,
    }),
    'location-type': Flags.string({
      description: 'kind of location',
      options: ['ARTIFACTORY', 'NEXUS', 'PLAIN', 'OTHER'],
      default: 'PLAIN',
    }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(ArtifactPublished);
    return this.publishEvent(
      {
        type: 'EiffelArtifactPublishedEvent',
        data: { locations: flags.location.map((uri) => ({ type: flags['location-type'], uri })) },
        links: [`ARTIFACT=${flags.artifact}`],
      },
      flags,
    );
  }
}
