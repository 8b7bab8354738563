import { Flags } from '@oclif/core';
import { CdCommand, cdFlags, idObject } from '../../../internal/cd-command.js';

export default class CdArtifactPackaged extends CdCommand {
  static override summary = 'Publish a CDEvents artifact.packaged: an artifact was packaged from a change.';
  static override description =
    'subject.id is the artifact as a package URL (purl). Prints only the event id.';
  static override examples = [
    'tracey cd artifact packaged --artifact pkg:oci/app@sha256%3Aabc --change https://github.com/acme/app/pull/42',
  ];
  static override flags = {
    artifact: Flags.string({ description: 'package URL (purl) of the artifact', required: true }),
    change: Flags.string({ description: 'id of the change it was packaged from', required: true }),
    ...cdFlags,
  };

  async run() {
    const { flags } = await this.parse(CdArtifactPackaged);
    return this.publishCdEvent(
      'dev.cdevents.artifact.packaged.0.3.0',
      { id: flags.artifact, content: idObject('change', flags.change) },
      flags,
    );
  }
}
