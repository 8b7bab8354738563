// What bin/run.js needs from the bundle: oclif's entry point and the commands (explicit strategy).
export { execute } from '@oclif/core';
export { COMMANDS } from '../dist/commands.js';
