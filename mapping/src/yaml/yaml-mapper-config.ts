import { cdeventsReleaseOfType, CDEVENTS_BUILD_SPEC_VERSION, parseCdEventType } from '@tracey/schemas';
import { z } from 'zod';
import { templatePaths } from './template.js';

// A template path starts at a CloudEvents attribute or extension name (lowercase letters, digits).
const TEMPLATE_PATH = /^[a-z0-9]+(?:\.[^.\s]+)*$/;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const templated = z.json().superRefine((value, context) => {
  for (const path of templatePaths(value)) {
    if (!TEMPLATE_PATH.test(path))
      context.addIssue({
        code: 'custom',
        message: `template {{ ${path} }} must name a CloudEvent attribute, extension or data path (e.g. data.app.name)`,
      });
  }
});

const cdeventsType = z.string().superRefine((type, context) => {
  const parts = parseCdEventType(type);
  if (parts === undefined) {
    context.addIssue({
      code: 'custom',
      message: `"${type}" is not a CDEvents type (dev.cdevents.<subject>.<predicate>.<version>)`,
    });
  } else if (!parts.custom && cdeventsReleaseOfType(type) !== CDEVENTS_BUILD_SPEC_VERSION) {
    context.addIssue({
      code: 'custom',
      message: `"${type}" is not a type of CDEvents ${CDEVENTS_BUILD_SPEC_VERSION}, the release mapped events are written in`,
    });
  }
});

const mapperConfig = z.strictObject({
  name: z.string().min(1),
  match: z.strictObject({
    /** Exact, or a glob with `*`. */
    type: z.string().min(1),
    source: z.string().min(1).optional(),
    /** Dotted data paths and the values they must have. */
    data: z.record(z.string().min(1), scalar).optional(),
  }),
  emit: z.strictObject({
    type: cdeventsType,
    source: templated.optional(),
    subject: z.strictObject({
      id: templated,
      source: templated.optional(),
      content: templated.refine(
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
        {
          message: 'must be an object',
        },
      ),
    }),
    customData: templated.optional(),
  }),
});

/** A mappers file: `mappers:`, a list of mappers each with `name`, `match`, `emit`. */
export const yamlMappersConfig = z
  .strictObject({ mappers: z.array(mapperConfig) })
  .superRefine((config, context) => {
    const seen = new Set<string>();
    config.mappers.forEach((mapper, index) => {
      if (seen.has(mapper.name))
        context.addIssue({
          code: 'custom',
          path: ['mappers', index, 'name'],
          message: `"${mapper.name}" is used twice`,
        });
      seen.add(mapper.name);
    });
  });

export type YamlMapperConfig = z.infer<typeof mapperConfig>;
