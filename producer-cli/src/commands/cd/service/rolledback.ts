import { cdServiceCommand } from '../../../internal/cd-service-command.js';

export default cdServiceCommand(
  'rolledback',
  'a service was rolled back to an earlier version in an environment',
);
