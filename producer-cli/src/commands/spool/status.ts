import { FileSpool, type SpoolStatus } from '@tracey/producer-core';
import { TraceyCommand } from '../../internal/tracey-command.js';

export default class SpoolStatusCommand extends TraceyCommand {
  static override summary = 'Show the events waiting in the local spool (TRACEY_SPOOL_DIR).';
  static override examples = ['tracey spool status', 'tracey spool status --json'];
  static override enableJsonFlag = true;

  async run(): Promise<SpoolStatus> {
    await this.parse(SpoolStatusCommand);
    const status = await new FileSpool(this.settings.spoolDir).status();
    const oldest = status.oldest === undefined ? '' : `, oldest from ${status.oldest.toISOString()}`;
    this.log(`${status.events} events in ${status.segments} segments waiting in ${status.dir}${oldest}`);
    return status;
  }
}
