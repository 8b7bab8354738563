import { Flags } from '@oclif/core';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../../internal/publishing-command.js';

export default class ActivityFinished extends PublishingCommand {
  static override summary = 'Publish an EiffelActivityFinishedEvent with the outcome of an activity.';
  static override examples = [
    'tracey activity finished --activity $ACT --conclusion SUCCESSFUL',
    'tracey activity finished --activity $ACT --conclusion FAILED --description "unit tests failed"',
  ];
  static override flags = {
    activity: Flags.string({ description: 'id of the EiffelActivityTriggeredEvent', required: true }),
    conclusion: Flags.string({
      description: 'how it ended',
      required: true,
      options: ['SUCCESSFUL', 'UNSUCCESSFUL', 'FAILED', 'ABORTED', 'TIMED_OUT', 'INCONCLUSIVE'],
    }),
    description: Flags.string({ description: 'a sentence on the outcome' }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(ActivityFinished);
    const outcome = {
      conclusion: flags.conclusion,
      ...(flags.description === undefined ? {} : { description: flags.description }),
    };
    return this.publishEvent(
      {
        type: 'EiffelActivityFinishedEvent',
        data: { outcome },
        links: [`ACTIVITY_EXECUTION=${flags.activity}`],
      },
      flags,
    );
  }
}
