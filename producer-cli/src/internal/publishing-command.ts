import { Flags } from '@oclif/core';
import {
  ciEventSource,
  createProducer,
  detectCiEnvironment,
  eiffelEventFromArgs,
  valuesInput,
  type CiEnvironment,
  type EiffelArgs,
  type ProduceReport,
} from '@tracey/producer-core';
import { pipelineProtocol, type EiffelEvent, type PipelineEvent } from '@tracey/schemas';
import { TraceyError } from '@tracey/common';
import { apiClientFor } from './api-client.js';
import { badInput, CLI_ERROR_CODES } from './cli-error.js';
import { isLookupLink, resolveLookupLink } from './event-lookup.js';
import { openOutput, type OutputChoice } from './open-output.js';
import { TraceyCommand } from './tracey-command.js';

/** Flags of where a built event goes, shared by every command that publishes one. */
export const outputFlags = {
  output: Flags.string({
    description: 'where the event goes: amqp, stdout, file, or a plug-in output',
    default: 'amqp',
  }),
  'output-file': Flags.string({ description: 'NDJSON file for --output file (appended to)' }),
  plugin: Flags.string({
    description: 'npm package of a plug-in providing --output (resolved from the working directory)',
    multiple: true,
  }),
  'dry-run': Flags.boolean({ description: 'build and validate, publish nothing' }),
  strict: Flags.boolean({ description: 'exit 3 when the event was spooled instead of delivered' }),
};

/** Flags of every command that publishes one Eiffel event. */
export const publishFlags = {
  set: Flags.string({ description: 'set data.<path>=<value> (JSON when it parses as JSON)', multiple: true }),
  link: Flags.string({
    description:
      'link TYPE=ID to an earlier event (TYPE=ID@domain for another domain); TYPE=lookup:<filters> finds ' +
      'the one event matching Event Repository filters through the query API, e.g. ' +
      'ARTIFACT=lookup:meta.type=EiffelArtifactCreatedEvent&data.identity=pkg:npm/x@1.2.3',
    multiple: true,
  }),
  'domain-id': Flags.string({ description: 'meta.source.domainId; also the last word of the routing key' }),
  tag: Flags.string({ description: 'add to meta.tags', multiple: true }),
  ...outputFlags,
};

/** Values of {@link outputFlags}. */
export interface OutputFlagValues {
  readonly output: string;
  readonly 'output-file'?: string | undefined;
  readonly plugin?: string[] | undefined;
  readonly 'dry-run': boolean;
  readonly strict: boolean;
}

export interface PublishFlagValues extends OutputFlagValues {
  readonly set?: string[] | undefined;
  readonly link?: string[] | undefined;
  readonly 'domain-id'?: string | undefined;
  readonly tag?: string[] | undefined;
}

/** An event as a command describes it; the shared flags add `--set`s, links, tags and domain. */
export type CommandEventArgs = Omit<EiffelArgs, 'sets' | 'links' | 'domainId' | 'tags'> & {
  readonly links?: readonly string[];
};

/** What a publishing command returns (printed with --json). */
export interface PublishedEvent {
  readonly id: string;
  readonly type: string;
  readonly status: 'published' | 'spooled' | 'dry-run';
  readonly unroutable: boolean;
  /** Ids of the events published before it for it to link to. */
  readonly linked?: readonly string[];
}

/**
 * A command that builds one event from its arguments, publishes it (spooling it when the broker
 * cannot take it) and prints only its id, so `ID=$(tracey …)` chains events in a script.
 */
export abstract class PublishingCommand extends TraceyCommand {
  static override enableJsonFlag = true;

  /** The CI system this runs in, if any. */
  protected ci(): CiEnvironment | undefined {
    return detectCiEnvironment(this.env);
  }

  /** Builds, validates and publishes the event; the base flags add links, tags, `--set`s. */
  protected async publishEvent(
    args: CommandEventArgs,
    flags: PublishFlagValues,
    /** Events the main one links to, published first in the same connection (e.g. issues). */
    before: readonly CommandEventArgs[] = [],
  ): Promise<PublishedEvent> {
    // Lookups may come from --link or from a command's own id flags (e.g. --subject lookup:...).
    const links = await this.resolveLinks([...(args.links ?? []), ...(flags.link ?? [])]);
    // The events before it are built first, so no event is older than one it links to.
    const earlier: EiffelEvent[] = [];
    for (const other of before) {
      const otherLinks = await this.resolveLinks(other.links ?? []);
      earlier.push(this.buildEvent({ ...other, links: otherLinks }, { ...flags, set: [], link: [] }));
    }
    const event = this.buildEvent({ ...args, links }, { ...flags, link: [] });
    return this.publishBuilt(
      [...earlier, event],
      { id: event.meta.id, type: event.meta.type },
      flags,
      earlier.map((other) => other.meta.id),
    );
  }

  /**
   * Publishes events built and validated already (Eiffel or CDEvents), the one the command is
   * about last; prints its id (not with `--output stdout`, where the event is the output).
   */
  protected async publishBuilt(
    events: readonly PipelineEvent[],
    main: { readonly id: string; readonly type: string },
    flags: OutputFlagValues,
    linked: readonly string[] = [],
  ): Promise<PublishedEvent> {
    const choice: OutputChoice = {
      output: flags.output,
      plugins: flags.plugin ?? [],
      dryRun: flags['dry-run'],
      ...(flags['output-file'] === undefined ? {} : { outputFile: flags['output-file'] }),
    };
    const output = await openOutput(this.settings, choice, this.logger.child({ component: 'output' }));
    let report: ProduceReport;
    try {
      report = await createProducer({
        input: valuesInput(events),
        protocol: pipelineProtocol,
        outputs: output,
        maxEventBytes: this.settings.maxEventBytes,
      }).run();
    } finally {
      await output.shutdown();
    }
    const { id } = main;
    const result: PublishedEvent = {
      id,
      type: main.type,
      status: flags['dry-run'] ? 'dry-run' : report.spooled > 0 ? 'spooled' : 'published',
      ...(linked.length === 0 ? {} : { linked }),
      unroutable: report.unroutable.includes(id),
    };
    if (report.rejectedCount > 0) {
      // Built events were validated already: a rejection here is a bug, never silently dropped.
      const reasons = report.rejected.flatMap((item) =>
        item.issues.map((issue) => `${item.origin}: ${issue.path}: ${issue.message}`),
      );
      throw badInput('the protocol refused an event the command built', reasons);
    }
    if (report.failed > 0) {
      throw new TraceyError(
        CLI_ERROR_CODES.notPublished,
        `event ${id} not published: ${report.reasons.join('; ')}`,
      );
    }
    // With --output stdout the event itself is the output; an id line would break the NDJSON.
    if (flags.output !== 'stdout' || flags['dry-run']) this.log(id);
    this.report(result, report, flags);
    return result;
  }

  /** Links with `TYPE=lookup:<filters>` resolved through the query API, asked only when there is one. */
  private async resolveLinks(links: readonly string[]): Promise<readonly string[]> {
    if (!links.some(isLookupLink)) return links;
    const api = apiClientFor(this.settings);
    const resolved: string[] = [];
    for (const link of links) resolved.push(await resolveLookupLink(api, link));
    return resolved;
  }

  private buildEvent(
    args: Parameters<PublishingCommand['publishEvent']>[0],
    flags: PublishFlagValues,
  ): EiffelEvent {
    const ci = this.ci();
    const built = eiffelEventFromArgs({
      ...args,
      source: { ...(ci === undefined ? {} : ciEventSource(ci)), ...args.source },
      sets: flags.set ?? [],
      links: [...(args.links ?? []), ...(flags.link ?? [])],
      tags: flags.tag ?? [],
      ...(flags['domain-id'] === undefined ? {} : { domainId: flags['domain-id'] }),
    });
    if (!built.ok) {
      throw badInput(
        `invalid ${args.type} event`,
        built.issues.map((issue) => `${issue.path || '(event)'}: ${issue.message}`),
      );
    }
    return built.event;
  }

  private report(result: PublishedEvent, report: ProduceReport, flags: OutputFlagValues): void {
    if (result.unroutable) this.warnLine(`event ${result.id} was not routed to any queue (nothing bound)`);
    if (result.status !== 'spooled') return;
    const why = `event ${result.id} spooled in ${this.settings.spoolDir} (${report.reasons.join('; ')}); \`tracey spool flush\` or the next publish re-sends it`;
    if (flags.strict)
      throw new TraceyError(CLI_ERROR_CODES.spooledStrict, why, { details: { id: result.id } });
    this.warnLine(why);
  }
}
