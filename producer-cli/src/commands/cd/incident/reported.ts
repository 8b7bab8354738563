import { cdIncidentCommand } from '../../../internal/cd-incident-command.js';

export default cdIncidentCommand('reported', 'an incident was reported (a ticket opened)');
