import { Flags } from '@oclif/core';
import { CdCommand, cdFlags } from '../../../internal/cd-command.js';

export default class CdArtifactPublished extends CdCommand {
  static override summary =
    'Publish a CDEvents artifact.published: an artifact was published (pushed to its registry).';
  static override description =
    'subject.id is the artifact as a package URL (purl). Prints only the event id.';
  static override examples = ['tracey cd artifact published --artifact pkg:oci/app@sha256%3Aabc'];
  static override flags = {
    artifact: Flags.string({ description: 'package URL (purl) of the artifact', required: true }),
    ...cdFlags,
  };

  async run() {
    const { flags } = await this.parse(CdArtifactPublished);
    return this.publishCdEvent(
      'dev.cdevents.artifact.published.0.3.0',
      { id: flags.artifact, content: {} },
      flags,
    );
  }
}
