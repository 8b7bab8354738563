import { Flags } from '@oclif/core';
import { ciActivityData } from '@tracey/producer-core';
import { badInput } from '../../internal/cli-error.js';
import { PublishingCommand, publishFlags, type PublishedEvent } from '../../internal/publishing-command.js';

export default class ActivityTriggered extends PublishingCommand {
  static override summary =
    'Publish an EiffelActivityTriggeredEvent: an activity (build, test run) is about to happen.';
  static override description =
    'In Jenkins, GitHub Actions or GitLab CI the name defaults to the job, and meta.source names the CI system and the run URL.';
  static override examples = [
    'ACT=$(tracey activity triggered --name build --link CAUSE=$SCS)',
    'ACT=$(tracey activity triggered)   # in CI: named after the job',
  ];
  static override flags = {
    name: Flags.string({ description: 'name of the activity (default in CI: the job name)' }),
    category: Flags.string({ description: 'a category of the activity (repeatable)', multiple: true }),
    ...publishFlags,
  };

  async run(): Promise<PublishedEvent> {
    const { flags } = await this.parse(ActivityTriggered);
    const ci = this.ci();
    const fromCi = ci === undefined ? {} : ciActivityData(ci, 'triggered');
    const name = flags.name ?? (fromCi['name'] as string | undefined);
    if (name === undefined)
      throw badInput('--name is required outside Jenkins, GitHub Actions and GitLab CI');
    const categories = flags.category ?? (fromCi['categories'] as string[] | undefined);
    return this.publishEvent(
      {
        type: 'EiffelActivityTriggeredEvent',
        data: { ...fromCi, name, ...(categories === undefined ? {} : { categories }) },
      },
      flags,
    );
  }
}
