import { cdServiceCommand } from '../../../internal/cd-service-command.js';

export default cdServiceCommand('upgraded', 'a service was upgraded to a new version in an environment');
