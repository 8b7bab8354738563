import { z } from 'zod';
import { envVar, textVar } from '@tracey/common';

/** The variables of the triggers, part of the adapter's config spec. */
export const triggerConfigVars = {
  triggerRules: envVar(
    'TRACEY_TRIGGER_RULES',
    z.string().optional(),
    'Path of the trigger rules file (YAML or JSON); triggers are off when unset. SIGHUP reloads it.',
  ),
  triggerQueue: textVar(
    'TRACEY_TRIGGER_QUEUE',
    'tracey.triggers',
    'Durable quorum queue the triggers consume, bound with the rules binding keys.',
  ),
  triggerStateDir: textVar(
    'TRACEY_TRIGGER_STATE_DIR',
    '.tracey/triggers',
    'Directory of the record of fired triggers (one adapter instance per directory).',
  ),
} as const;
