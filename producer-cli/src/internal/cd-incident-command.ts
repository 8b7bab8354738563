import { Flags, type Command } from '@oclif/core';
import { CdCommand, cdFlags, idObject } from './cd-command.js';

const incidentFlags = {
  incident: Flags.string({ description: 'id of the incident', required: true }),
  environment: Flags.string({ description: 'id of the environment, e.g. production', required: true }),
  service: Flags.string({ description: 'id of the service it affects' }),
  artifact: Flags.string({ description: 'package URL (purl) of the artifact it is in' }),
  description: Flags.string({ description: 'what happened' }),
  ...cdFlags,
};

/**
 * `tracey cd incident <predicate>`: the three commands differ in their type, and `reported` needs
 * the ticket (`ticketURI`).
 */
export function cdIncidentCommand(
  predicate: 'detected' | 'reported' | 'resolved',
  what: string,
): Command.Class {
  const flags = {
    ...incidentFlags,
    // A resolution's artifact is the fix: DORA counts its deployment as rework (docs/dora.md).
    ...(predicate === 'resolved'
      ? {
          artifact: Flags.string({
            description: 'package URL (purl) of the artifact whose deployment fixed it (DORA: rework)',
          }),
        }
      : {}),
    ...(predicate === 'reported'
      ? { ticket: Flags.string({ description: 'URI of the ticket tracking it', required: true }) }
      : {}),
  };
  return class extends CdCommand {
    static override summary = `Publish a CDEvents incident.${predicate}: ${what}.`;
    static override description =
      'subject.id is the incident; --service and --artifact say what it is in (what DORA attributes it to). Prints only the event id.';
    static override examples = [
      `tracey cd incident ${predicate} --incident INC-42 --environment production --service app --artifact pkg:oci/app@sha256%3Aabc${predicate === 'reported' ? ' --ticket https://jira.example.com/browse/OPS-7' : ''}`,
    ];
    static override flags = flags;

    async run() {
      const { flags: values } = await this.parse({ flags });
      const ticket = (values as { ticket?: string }).ticket;
      return this.publishCdEvent(
        `dev.cdevents.incident.${predicate}.0.3.0`,
        {
          id: values.incident,
          content: {
            environment: { id: values.environment },
            ...(ticket === undefined ? {} : { ticketURI: ticket }),
            ...idObject('service', values.service),
            ...(values.artifact === undefined ? {} : { artifactId: values.artifact }),
            ...(values.description === undefined ? {} : { description: values.description }),
          },
        },
        values,
      );
    }
  };
}
