import { cdServiceCommand } from '../../../internal/cd-service-command.js';

export default cdServiceCommand(
  'deployed',
  'a service was deployed to an environment (its first version there)',
);
