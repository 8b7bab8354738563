import { cdIncidentCommand } from '../../../internal/cd-incident-command.js';

export default cdIncidentCommand('resolved', 'an incident was resolved');
