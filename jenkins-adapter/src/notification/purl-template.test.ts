import { describe, expect, it } from 'vitest';
import { DEFAULT_PURL_TEMPLATE, purlTemplateIssues, renderPurl } from './purl-template.js';

describe('purl templates', () => {
  it('accepts the default and names every problem of a bad one', () => {
    expect(purlTemplateIssues(DEFAULT_PURL_TEMPLATE)).toEqual([]);
    expect(purlTemplateIssues('generic/{job}/{nope}')).toEqual([
      'must start with "pkg:"',
      expect.stringContaining('unknown placeholder {nope}'),
    ]);
  });

  it('percent-encodes each segment and keeps folders as segments', () => {
    expect(
      renderPurl(DEFAULT_PURL_TEMPLATE, {
        job: 'team/app build',
        file: 'a@1.tgz',
        path: 'x/a@1.tgz',
        build: '7',
      }),
    ).toBe('pkg:generic/team/app%20build/a%401.tgz@7');
  });
});
