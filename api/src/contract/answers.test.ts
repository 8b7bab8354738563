import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { MissingLinkTarget } from '@tracey/graph';
import type { ErrorBody } from '../http/error-translator.js';
import { zodSerializerCompiler } from '../http/open-api.js';
import type { TraceContents } from '../queries/contents-report.js';
import type { LeadTimeStats } from '../queries/lead-time-stats.js';
import type { LeadTime } from '../queries/lead-time.js';
import type { LinkSearchResult } from '../queries/link-search.js';
import type { TraceReleases } from '../queries/trace-releases.js';
import type { TraversalResult } from '../queries/traversal.js';
import { traceContentsAnswer } from './answers.js';
import type {
  errorAnswer,
  leadTimeAnswer,
  leadTimeStatsAnswer,
  linkSearchAnswer,
  missingLinksAnswer,
  traceReleasesAnswer,
  traversalAnswer,
} from './answers.js';

// A reply is serialized from its schema, which leaves out what the schema does not list: each
// answer's schema must list every field its query gives, at every depth, and no other.

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

  it('serializes a full report exactly as JSON.stringify does', () => {
    const serialize = zodSerializerCompiler({
      schema: traceContentsAnswer,
      method: 'GET',
      url: '/',
      httpStatus: '200',
    });
    const event = { id: 'e', type: 'EiffelArtifactCreatedEvent', time: 1.5, depth: 2 };
    const person = { name: 'Ada', email: null, id: 'ada', group: null };
    const report: TraceContents = {
      start: { id: 's', type: 'EiffelCompositionDefinedEvent', time: 0 },
      since: null,
      sourceChanges: [
        {
          ...event,
          vcs: 'git',
          commitId: 'c',
          repoName: 'r',
          repoUri: null,
          branch: 'b',
          author: person,
          submitter: null,
        },
      ],
      workItems: [
        {
          issueId: 'I-1',
          issueType: 'BUG',
          tracker: 'JIRA',
          uri: 'https://x/I-1',
          title: 'a "quoted" title',
          eventId: null,
          time: null,
          resolvedBy: [{ sourceChange: 'c', relation: 'RESOLVED_ISSUE' }],
        },
      ],
      artifacts: [{ ...event, identity: 'pkg:npm/a@1', name: null }],
      thirdPartyComponents: [],
      compositions: [{ ...event, name: 'n', version: '1' }],
      otherEvents: [event],
      missing: [{ id: 'm', depth: 3 }],
    };
    expect(serialize(report)).toBe(JSON.stringify(report));
  });
});
