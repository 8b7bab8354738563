import { Flags } from '@oclif/core';
import { ciActivityData } from '@tracey/producer-core';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../../internal/publishing-command.js';

export default class ActivityStarted extends PublishingCommand {
  static override summary = 'Publish an EiffelActivityStartedEvent for a triggered activity.';
  static override examples = [
    'tracey activity started --activity $ACT',
    'tracey activity started --activity $ACT --execution-uri https://ci/job/1',
  ];
  static override flags = {
    activity: Flags.string({ description: 'id of the EiffelActivityTriggeredEvent', required: true }),
    'execution-uri': Flags.string({
      description: 'where the execution can be followed (default in CI: the run URL)',
    }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(ActivityStarted);
    const ci = this.ci();
    const data =
      flags['execution-uri'] === undefined
        ? ci === undefined
          ? {}
          : ciActivityData(ci, 'started')
        : { executionUri: flags['execution-uri'] };
    return this.publishEvent(
      { type: 'EiffelActivityStartedEvent', data, links: [`ACTIVITY_EXECUTION=${flags.activity}`] },
      flags,
    );
  }
}
