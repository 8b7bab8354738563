// What other packages' tests use of the CLI (`@tracey/producer-cli/testing`): `tracey` installed
// as users get it and run as a process. Not part of the CLI.
export {
  installTracey,
  TRACEY_BUILDS,
  type Env,
  type InstalledTracey,
  type ProcessRun,
  type TraceyBuild,
} from './installed-tracey.js';
