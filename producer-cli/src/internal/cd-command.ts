import { Flags } from '@oclif/core';
import { isTraceyError } from '@tracey/common';
import { buildCdEvent, type CdEmbeddedLink, type ValidationIssue } from '@tracey/schemas';
import { badInput } from './cli-error.js';
import {
  outputFlags,
  PublishingCommand,
  type OutputFlagValues,
  type PublishedEvent,
} from './publishing-command.js';

/** Where a CDEvent comes from when neither `--source` nor a CI build URL says. */
const DEFAULT_SOURCE = '/tracey/cli';

/** Flags of every `tracey cd …` command. */
export const cdFlags = {
  source: Flags.string({
    description: `context.source, a URI reference naming the producer (default: the CI build's URL, else ${DEFAULT_SOURCE})`,
  }),
  follows: Flags.string({
    description: 'context id of an earlier event this one follows (a PATH link; repeatable)',
    multiple: true,
  }),
  relates: Flags.string({
    description: 'context id of a related earlier event (a RELATION link of kind TRIGGER; repeatable)',
    multiple: true,
  }),
  'chain-id': Flags.string({ description: 'context.chainId: the lifecycle the event belongs to' }),
  ...outputFlags,
};

export interface CdFlagValues extends OutputFlagValues {
  readonly source?: string | undefined;
  readonly follows?: string[] | undefined;
  readonly relates?: string[] | undefined;
  readonly 'chain-id'?: string | undefined;
}

/**
 * A command that publishes one CDEvent (release 0.5.1) the DORA keys need: built from flags,
 * checked against its type's schema, published like every other event; prints only its id.
 */
export abstract class CdCommand extends PublishingCommand {
  protected publishCdEvent(
    type: string,
    subject: { readonly id: string; readonly content: Record<string, unknown> },
    flags: CdFlagValues,
    customData?: Record<string, unknown>,
  ): Promise<PublishedEvent> {
    const links: CdEmbeddedLink[] = [
      ...(flags.follows ?? []).map((contextId) => ({ linkType: 'PATH', from: { contextId } })),
      ...(flags.relates ?? []).map((contextId) => ({
        linkType: 'RELATION',
        linkKind: 'TRIGGER',
        target: { contextId },
      })),
    ];
    let event;
    try {
      event = buildCdEvent({
        type,
        source: flags.source ?? this.ci()?.buildUrl ?? DEFAULT_SOURCE,
        subject,
        links,
        ...(flags['chain-id'] === undefined ? {} : { chainId: flags['chain-id'] }),
        ...(customData === undefined ? {} : { customData }),
      });
    } catch (error) {
      if (!isTraceyError(error, 'SCHEMAS_EVENT_INVALID')) throw error;
      const issues = (error.details['errors'] ?? []) as ValidationIssue[];
      throw badInput(
        `invalid ${type} event`,
        issues.map((issue) => `${issue.path || '(event)'}: ${issue.message}`),
      );
    }
    return this.publishBuilt([event], { id: event.context.id, type }, flags);
  }
}

/** `{ id }` of an object the schema wants as `{ id }`, left out when no id is given. */
export function idObject(name: string, id: string | undefined): Record<string, { id: string }> {
  return id === undefined ? {} : { [name]: { id } };
}
