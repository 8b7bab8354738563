import { cdIncidentCommand } from '../../../internal/cd-incident-command.js';

export default cdIncidentCommand('detected', 'an incident was detected (by monitoring)');
