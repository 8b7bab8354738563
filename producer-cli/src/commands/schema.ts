import { Args, Flags } from '@oclif/core';
import { eiffelJsonSchema } from '@tracey/schemas';
import { resolveEiffelType } from '@tracey/producer-core';
import { badInput } from '../internal/cli-error.js';
import { TraceyCommand } from '../internal/tracey-command.js';

export default class Schema extends TraceyCommand {
  static override summary = 'Print the JSON Schema (draft 2020-12) of an Eiffel event type.';
  static override examples = [
    'tracey schema ArtifactCreated > artifact-created.schema.json',
    'tracey schema EiffelActivityFinishedEvent --version 3.0.0',
  ];
  static override args = {
    type: Args.string({
      description: 'event type, e.g. EiffelArtifactCreatedEvent or ArtifactCreated',
      required: true,
    }),
  };
  static override flags = { version: Flags.string({ description: 'event version (default: the latest)' }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Schema);
    const type = resolveEiffelType(args.type);
    if (type === undefined) throw badInput(`unknown Eiffel event type "${args.type}"`);
    this.log(JSON.stringify(eiffelJsonSchema(type, flags.version), null, 2));
  }
}
