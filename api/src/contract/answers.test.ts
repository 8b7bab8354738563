import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { MissingLinkTarget } from '@tracey/graph';
import type { ErrorBody } from '@tracey/http-kit';
import type { TraceContents } from '../queries/contents-report.js';
import type { LeadTimeStats } from '../queries/lead-time-stats.js';
import type { LeadTime } from '../queries/lead-time.js';
import type { LinkSearchResult } from '../queries/link-search.js';
import type { TraceReleases } from '../queries/trace-releases.js';
import type { TraversalResult } from '../queries/traversal.js';
import type {
  traceContentsAnswer,
  errorAnswer,
  leadTimeAnswer,
  leadTimeStatsAnswer,
  linkSearchAnswer,
  missingLinksAnswer,
  traceReleasesAnswer,
  traversalAnswer,
} from './answers.js';

// Each answer's schema lists every field its query gives, at every depth, and no other: the
// document describes the answer whole, and a client parsing with the schema loses nothing.

/** The fields of `T` at every depth, without their types, optionality or `readonly`. */
type Shape<T> = T extends readonly (infer U)[]
  ? Shape<U>[]
  : T extends object
    ? { -readonly [K in keyof T]-?: Shape<NonNullable<T[K]>> }
    : unknown;

describe('the answers’ schemas list every field the queries give', () => {
  it('types', () => {
    expectTypeOf<Shape<z.output<typeof traceContentsAnswer>>>().toEqualTypeOf<Shape<TraceContents>>();
    expectTypeOf<Shape<z.output<typeof traceReleasesAnswer>>>().toEqualTypeOf<Shape<TraceReleases>>();
    expectTypeOf<Shape<z.output<typeof traversalAnswer>>>().toEqualTypeOf<Shape<TraversalResult>>();
    expectTypeOf<Shape<z.output<typeof leadTimeAnswer>>>().toEqualTypeOf<Shape<LeadTime>>();
    expectTypeOf<Shape<z.output<typeof leadTimeStatsAnswer>>>().toEqualTypeOf<Shape<LeadTimeStats>>();
    expectTypeOf<Shape<z.output<typeof linkSearchAnswer>>>().toEqualTypeOf<Shape<LinkSearchResult>>();
    expectTypeOf<Shape<z.output<typeof missingLinksAnswer>>>().toEqualTypeOf<
      Shape<{ items: MissingLinkTarget[] }>
    >();
    expectTypeOf<Shape<z.output<typeof errorAnswer>>>().toEqualTypeOf<Shape<ErrorBody>>();
  });
});
