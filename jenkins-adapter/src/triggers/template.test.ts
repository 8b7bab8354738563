import { describe, expect, it } from 'vitest';
import { jsonTemplateIssues, renderJson, renderParameters, renderText, templateIssues } from './template.js';

const event = {
  meta: { id: 'e1', type: 'EiffelArtifactCreatedEvent' },
  data: { identity: 'pkg:npm/app@1.0.0', size: 3, customData: [{ key: 'k', value: 'v' }] },
  links: [
    { type: 'CAUSE', target: 'c1' },
    { type: 'CONTEXT', target: 'x1' },
  ],
};

describe('templates', () => {
  it('fills placeholders in text, joining several values', () => {
    expect(renderText('{{data.identity}} by {{ meta.id }}', event)).toEqual({
      ok: true,
      value: 'pkg:npm/app@1.0.0 by e1',
    });
    expect(renderText('{{links.*.target}}', event)).toEqual({ ok: true, value: 'c1,x1' });
    expect(renderText('{{links[type=CONTEXT].target}}', event)).toEqual({ ok: true, value: 'x1' });
    expect(renderText('size={{data.size}}', event)).toEqual({ ok: true, value: 'size=3' });
    expect(renderText('plain', event)).toEqual({ ok: true, value: 'plain' });
  });

  it('refuses a placeholder that reaches nothing', () => {
    expect(renderText('x{{data.nope}}', event)).toEqual({
      ok: false,
      reason: '{{data.nope}}: the event has no value there',
    });
  });

  it('fills named parameters, naming the one that reaches nothing', () => {
    expect(renderParameters({ ARTIFACT: '{{data.identity}}', ID: '{{meta.id}}' }, event)).toEqual({
      ok: true,
      value: { ARTIFACT: 'pkg:npm/app@1.0.0', ID: 'e1' },
    });
    expect(renderParameters({ ARTIFACT: '{{data.identity}}', X: 'x{{data.nope}}' }, event)).toEqual({
      ok: false,
      reason: 'parameter X: {{data.nope}}: the event has no value there',
    });
  });

  it('keeps JSON types when a string is exactly one placeholder', () => {
    expect(
      renderJson({ n: '{{data.size}}', list: ['{{data.customData}}', 'id {{meta.id}}'], keep: true }, event),
    ).toEqual({
      ok: true,
      value: { n: 3, list: [[{ key: 'k', value: 'v' }], 'id e1'], keep: true },
    });
  });

  it('finds bad placeholders before they are used', () => {
    expect(templateIssues('{{data.ok}} {{bad path}}')).toEqual([
      expect.stringMatching(
        /^\{\{bad path\}\}: segment "bad path" is not a name, an array index, \* or name\[key=value\]/,
      ),
    ]);
    expect(jsonTemplateIssues({ a: ['{{x..y}}'] })).toHaveLength(1);
  });
});
