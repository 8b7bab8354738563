import { Args, Flags } from '@oclif/core';
import { jsonInput } from '@tracey/producer-core';
import { encodeForPublish, pipelineProtocol } from '@tracey/schemas';
import { badInput } from '../internal/cli-error.js';
import { TraceyCommand } from '../internal/tracey-command.js';

interface FileReport {
  readonly file: string;
  readonly valid: number;
  readonly invalid: number;
}

export default class Validate extends TraceyCommand {
  static override summary =
    'Check JSON or NDJSON files of Eiffel events or CDEvents without publishing them.';
  static override description =
    'Prints a line per file and every problem as file:line: field: reason. Exit 2 when any event is invalid.';
  static override examples = [
    'tracey validate events.ndjson',
    'tracey validate build/*.json --allow-unverified',
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    files: Args.string({ description: 'files to check (- for stdin)', required: true }),
  };
  static override flags = {
    'allow-unverified': Flags.boolean({
      description: 'accept event types or versions Tracey can check only at envelope level',
    }),
  };

  async run(): Promise<FileReport[]> {
    const { argv, flags } = await this.parse(Validate);
    const reports: FileReport[] = [];
    const problems: string[] = [];
    for (const file of argv as string[]) {
      let valid = 0;
      let invalid = 0;
      for await (const item of jsonInput({ path: file }).items()) {
        const issues = item.ok
          ? (() => {
              const encoded = encodeForPublish(pipelineProtocol, item.value, {
                allowUnverified: flags['allow-unverified'],
                maxBytes: this.settings.maxEventBytes,
              });
              return encoded.ok
                ? []
                : encoded.errors.map((issue) => `${issue.path || '(event)'}: ${issue.message}`);
            })()
          : [item.reason];
        if (issues.length === 0) valid += 1;
        else invalid += 1;
        for (const issue of issues) problems.push(`${item.origin}: ${issue}`);
      }
      reports.push({ file, valid, invalid });
      this.log(`${file}: ${valid} valid, ${invalid} invalid`);
    }
    const invalid = reports.reduce((sum, report) => sum + report.invalid, 0);
    if (invalid > 0) throw badInput(`${invalid} invalid events`, problems.slice(0, 200));
    return reports;
  }
}
