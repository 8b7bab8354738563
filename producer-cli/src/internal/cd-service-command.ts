import { Flags, type Command } from '@oclif/core';
import { CdCommand, cdFlags } from './cd-command.js';

const serviceFlags = {
  service: Flags.string({ description: 'id of the service, e.g. app', required: true }),
  environment: Flags.string({ description: 'id of the environment, e.g. production', required: true }),
  artifact: Flags.string({ description: 'package URL (purl) of the artifact now running', required: true }),
  ...cdFlags,
};

/** `tracey cd service <predicate>`: the three commands differ only in their type. */
export function cdServiceCommand(
  predicate: 'deployed' | 'upgraded' | 'rolledback',
  what: string,
): Command.Class {
  return class extends CdCommand {
    static override summary = `Publish a CDEvents service.${predicate}: ${what}.`;
    static override description =
      'subject.id is the service; --artifact the package URL (purl) of what runs now. Prints only the event id.';
    static override examples = [
      `tracey cd service ${predicate} --service app --environment production --artifact pkg:oci/app@sha256%3Aabc`,
    ];
    static override flags = serviceFlags;

    async run() {
      const { flags } = await this.parse({ flags: serviceFlags });
      return this.publishCdEvent(
        `dev.cdevents.service.${predicate}.0.3.0`,
        {
          id: flags.service,
          content: { environment: { id: flags.environment }, artifactId: flags.artifact },
        },
        flags,
      );
    }
  };
}
