// Every `tracey` command by id, for oclif's explicit command discovery: one import instead of a
// directory scan on every call (see docs/BENCHMARKS.md, section CLI).
import ActivityFinished from './commands/activity/finished.js';
import ActivityStarted from './commands/activity/started.js';
import ActivityTriggered from './commands/activity/triggered.js';
import ArtifactCreated from './commands/artifact/created.js';
import ArtifactPublished from './commands/artifact/published.js';
import CdArtifactPackaged from './commands/cd/artifact/packaged.js';
import CdArtifactPublished from './commands/cd/artifact/published.js';
import CdChangeMerged from './commands/cd/change/merged.js';
import CdIncidentDetected from './commands/cd/incident/detected.js';
import CdIncidentReported from './commands/cd/incident/reported.js';
import CdIncidentResolved from './commands/cd/incident/resolved.js';
import CdServiceDeployed from './commands/cd/service/deployed.js';
import CdServiceRolledback from './commands/cd/service/rolledback.js';
import CdServiceUpgraded from './commands/cd/service/upgraded.js';
import Composition from './commands/composition.js';
import Confidence from './commands/confidence.js';
import Dora from './commands/dora.js';
import Get from './commands/get.js';
import LeadTime from './commands/lead-time.js';
import Listen from './commands/listen.js';
import Publish from './commands/publish.js';
import Schema from './commands/schema.js';
import Search from './commands/search.js';
import ScmCreated from './commands/scm/created.js';
import ScmSubmitted from './commands/scm/submitted.js';
import SpoolFlush from './commands/spool/flush.js';
import SpoolStatus from './commands/spool/status.js';
import TokenCreate from './commands/token/create.js';
import TraceDown from './commands/trace/down.js';
import TraceUp from './commands/trace/up.js';
import TriggersReplay from './commands/triggers/replay.js';
import Validate from './commands/validate.js';

export const COMMANDS = {
  'activity:finished': ActivityFinished,
  'activity:started': ActivityStarted,
  'activity:triggered': ActivityTriggered,
  'artifact:created': ArtifactCreated,
  'artifact:published': ArtifactPublished,
  'cd:artifact:packaged': CdArtifactPackaged,
  'cd:artifact:published': CdArtifactPublished,
  'cd:change:merged': CdChangeMerged,
  'cd:incident:detected': CdIncidentDetected,
  'cd:incident:reported': CdIncidentReported,
  'cd:incident:resolved': CdIncidentResolved,
  'cd:service:deployed': CdServiceDeployed,
  'cd:service:rolledback': CdServiceRolledback,
  'cd:service:upgraded': CdServiceUpgraded,
  composition: Composition,
  confidence: Confidence,
  dora: Dora,
  get: Get,
  'lead-time': LeadTime,
  listen: Listen,
  publish: Publish,
  schema: Schema,
  search: Search,
  'scm:created': ScmCreated,
  'scm:submitted': ScmSubmitted,
  'spool:flush': SpoolFlush,
  'spool:status': SpoolStatus,
  'token:create': TokenCreate,
  'trace:down': TraceDown,
  'trace:up': TraceUp,
  'triggers:replay': TriggersReplay,
  validate: Validate,
};
