// What other packages' tests use of the adapter (`@tracey/jenkins-adapter/testing`): the adapter
// as a process, its spool directory, the Notification plugin samples. Not part of the service.
export {
  buildAdapter,
  jenkinsSample,
  spawnAdapter,
  testSpoolDir,
  type AdapterProcess,
} from './adapter-process.js';
