import { readFile } from 'node:fs/promises';
import { Args, Flags } from '@oclif/core';
import { TraceyError } from '@tracey/common';
import { badInput, CLI_ERROR_CODES } from '../internal/cli-error.js';
import {
  bulkPublish,
  bulkSummary,
  FILE_PROTOCOLS,
  type BulkReport,
  type FileProtocol,
} from '../internal/bulk-publish.js';
import { openOutput } from '../internal/open-output.js';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../internal/publishing-command.js';

export default class Publish extends PublishingCommand {
  static override summary = 'Publish an Eiffel event, or every event of a JSON/NDJSON file.';
  static override description =
    'Prints only the new event id on stdout, so ID=$(tracey publish …) chains events. When the broker cannot take the event it is spooled (exit 0 with a warning; 3 with --strict) and re-sent by `tracey spool flush` or the next publish. Bad input exits 2 with every reason.';
  static override examples = [
    `SCC=$(tracey publish SourceChangeCreated --set data.gitIdentifier.commitId=$(git rev-parse HEAD) --set data.gitIdentifier.repoUri=https://github.com/acme/app)`,
    `tracey publish EiffelActivityTriggeredEvent --data '{"name":"build"}' --link CAUSE=$SCC --domain-id acme.com`,
    `tracey publish ArtifactCreated --data-file artifact.json --output stdout --dry-run`,
    `tracey publish --file events.ndjson`,
    `tracey publish --file cdevents.ndjson --protocol cdevents`,
  ];
  static override args = {
    type: Args.string({ description: 'event type, e.g. EiffelArtifactCreatedEvent or ArtifactCreated' }),
  };
  static override flags = {
    data: Flags.string({ description: 'the event data as a JSON object', exclusive: ['data-file', 'file'] }),
    'data-file': Flags.string({
      description: 'file holding the event data as a JSON object',
      exclusive: ['file'],
    }),
    file: Flags.string({
      description:
        'publish every event of a JSON or NDJSON file of complete events, Eiffel or CDEvents (- for stdin)',
      exclusive: ['set', 'link', 'domain-id', 'tag'],
    }),
    protocol: Flags.string({
      description: 'with --file: the protocol of its events (default auto: each told by its shape)',
      options: Object.keys(FILE_PROTOCOLS),
      // No default: oclif would check `dependsOn` against it on every publish.
      dependsOn: ['file'],
    }),
    'batch-size': Flags.integer({
      description: 'events per broker round trip with --file (and 16 MiB of them at most)',
      default: 2000,
      min: 1,
    }),
    'in-flight': Flags.integer({
      description: 'with --file, batches sent while earlier ones wait for their confirms',
      default: 8,
      min: 1,
    }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent | BulkReport> {
    const { args, flags } = await this.parse(Publish);
    if (flags.file !== undefined) return this.publishFile(flags.file, flags);
    if (args.type === undefined) throw badInput('give an event type, or --file with events');
    const data = flags['data-file'] === undefined ? flags.data : await readText(flags['data-file']);
    return this.publishEvent({ type: args.type, data: parseData(data) }, flags);
  }

  private async publishFile(
    path: string,
    flags: {
      output: string;
      'output-file'?: string | undefined;
      plugin?: string[] | undefined;
      'dry-run': boolean;
      strict: boolean;
      'batch-size': number;
      'in-flight': number;
      protocol?: string | undefined;
    },
  ): Promise<BulkReport> {
    const output = await openOutput(
      this.settings,
      {
        output: flags.output,
        plugins: flags.plugin ?? [],
        dryRun: flags['dry-run'],
        ...(flags['output-file'] === undefined ? {} : { outputFile: flags['output-file'] }),
      },
      this.logger.child({ component: 'output' }),
    );
    const report = await bulkPublish({
      path,
      output,
      batchSize: flags['batch-size'],
      inFlight: flags['in-flight'],
      protocol: (flags.protocol ?? 'auto') as FileProtocol,
      progress: process.stderr,
      maxEventBytes: this.settings.maxEventBytes,
    });
    this.logToStderr(bulkSummary(report, flags['dry-run'] ? 'nowhere (dry run)' : output.name));
    if (report.rejectedCount > 0) {
      const reasons = report.rejected.flatMap((item) =>
        item.issues.map((issue) => `${item.origin}: ${issue.path || '(event)'}: ${issue.message}`),
      );
      throw badInput(
        `${report.rejectedCount} invalid events in ${path} (the valid ones were published)`,
        reasons,
      );
    }
    if (report.failed > 0)
      throw new TraceyError(
        CLI_ERROR_CODES.notPublished,
        `${report.failed} events not published: ${report.reasons.join('; ')}`,
      );
    if (report.spooled > 0) {
      const why = `${report.spooled} events spooled in ${this.settings.spoolDir} (${report.reasons.join('; ')})`;
      if (flags.strict) throw new TraceyError(CLI_ERROR_CODES.spooledStrict, why);
      this.warnLine(why);
    }
    return report;
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw badInput(`cannot read --data-file ${path}: ${(error as Error).message}`);
  }
}

function parseData(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badInput(`--data is not JSON: ${(error as Error).message}`);
  }
}
