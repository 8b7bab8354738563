import { TraceyError } from '@tracey/common';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { CloudEventInput, CloudEventMapper, MappingResult } from '../cloud-event-mapper.js';
import { refuse } from '../cloud-event-mapper.js';
import { cloudEventData } from '../internal/cloud-event-data.js';
import { mappedCdEvent, NO_TIME_REASON, withTime } from '../internal/mapped-cd-event.js';
import { MAPPING_ERROR_CODES } from '../mapping-error.js';
import { lookUp } from './event-path.js';
import { globMatch } from './glob-match.js';
import { fillTemplates } from './template.js';
import { yamlMappersConfig, type YamlMapperConfig } from './yaml-mapper-config.js';

/**
 * The mappers a YAML document declares (docs/cdevents.md#mappers), in their order.
 * @throws TraceyError `MAPPING_CONFIG_INVALID` naming every bad field (`mappers[1].emit.type`) and
 *   why, with `origin` (the file) in the message.
 */
export function yamlMappers(text: string, origin = 'mappers'): CloudEventMapper[] {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const reasons = document.errors.map((error) => error.message.split('\n')[0] ?? error.message);
    throw invalid(origin, reasons);
  }
  const parsed = yamlMappersConfig.safeParse(document.toJS());
  if (!parsed.success) throw invalid(origin, parsed.error.issues.map(describeIssue));
  return parsed.data.mappers.map(yamlMapper);
}

function invalid(origin: string, reasons: readonly string[]): TraceyError {
  return new TraceyError(MAPPING_ERROR_CODES.configInvalid, `${origin}: ${reasons.join('; ')}`, {
    details: { origin, issues: reasons },
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((step, index) =>
      typeof step === 'number' ? `[${step}]` : `${index === 0 ? '' : '.'}${String(step)}`,
    )
    .join('');
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`
      : issue.message;
  return `${path === '' ? '(document)' : path}: ${message}`;
}

/** One declared mapper: a match on the CloudEvent, a CDEvent made of templates. */
function yamlMapper(config: YamlMapperConfig): CloudEventMapper {
  const requiredData = Object.entries(config.match.data ?? {});
  return {
    name: config.name,
    matches(event: CloudEventInput): boolean {
      if (!globMatch(config.match.type, event.type)) return false;
      if (config.match.source !== undefined && !globMatch(config.match.source, event.source)) return false;
      if (requiredData.length === 0) return true;
      const data = cloudEventData(event);
      if (!data.ok) return false;
      return requiredData.every(([path, expected]) => {
        const found = lookUp(data.value, path.split('.'));
        return found.found && found.value === expected;
      });
    },
    map(event: CloudEventInput): MappingResult {
      const timed = withTime(event);
      if (timed === undefined) return refuse('time', NO_TIME_REASON);
      const { type, ...templates } = config.emit;
      const filled = fillTemplates(templates, event);
      if (!filled.ok) return refuse(filled.path, `mapper "${config.name}": ${filled.reason}`);
      const emitted = filled.value as Pick<YamlMapperConfig['emit'], 'source' | 'subject' | 'customData'>;
      return { ok: true, mapper: config.name, events: [mappedCdEvent(timed, { type, ...emitted })] };
    },
  };
}
