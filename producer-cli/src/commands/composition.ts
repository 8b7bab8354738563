import { Flags } from '@oclif/core';
import { compositionEventArgs } from '../internal/composition-args.js';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../internal/publishing-command.js';

export default class Composition extends PublishingCommand {
  static override summary =
    'Publish an EiffelCompositionDefinedEvent: what a build is made of (source changes, artifacts, compositions).';
  static override description =
    'Each --element becomes an ELEMENT link, which the trace reports follow: link an artifact to the composition with `tracey artifact created --composition <id>` (or let `artifact created --change` publish one). Prints only the composition id.';
  static override examples = [
    'COMP=$(tracey composition --name acme-shop --version 1.4.0 --element $SCS --element $LIBRARY)',
    'tracey composition --name acme-shop --version 1.5.0 --element $SCS2 --previous $COMP',
  ];
  static override flags = {
    name: Flags.string({ description: 'name of the composition, e.g. the product', required: true }),
    version: Flags.string({ description: 'its version' }),
    element: Flags.string({
      description: 'id of a source change, artifact or composition it holds (repeatable)',
      required: true,
      multiple: true,
    }),
    previous: Flags.string({ description: 'id of the composition this is the next version of' }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(Composition);
    return this.publishEvent(
      compositionEventArgs({
        name: flags.name,
        version: flags.version,
        elements: flags.element,
        previous: flags.previous,
      }),
      flags,
    );
  }
}
