import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text.js';

describe('parsePrometheusText', () => {
  it('reads families, labels with escapes, histogram samples and special values', () => {
    const families = parsePrometheusText(
      [
        '# HELP c_total A counter.',
        '# TYPE c_total counter',
        'c_total{reason="a\\"b",code="x"} 2',
        '',
        '# TYPE h_seconds histogram',
        'h_seconds_bucket{le="0.1"} 1',
        'h_seconds_bucket{le="+Inf"} 3',
        'h_seconds_sum 3.55',
        'h_seconds_count 3',
        '# TYPE g gauge',
        'g Nan',
        '',
      ].join('\n'),
    );
    expect(families.get('c_total')).toEqual({
      type: 'counter',
      help: 'A counter.',
      samples: [{ name: 'c_total', labels: { reason: 'a"b', code: 'x' }, value: 2 }],
    });
    expect(families.get('h_seconds')?.samples.map((sample) => sample.name)).toEqual([
      'h_seconds_bucket',
      'h_seconds_bucket',
      'h_seconds_sum',
      'h_seconds_count',
    ]);
    expect(families.get('g')?.samples[0]?.value).toBeNaN();
    expect(families.get('h_seconds')?.samples[1]?.value).toBe(3);
  });

  it.each([
    ['a sample that breaks the grammar', 'x{a=b} 1\n', /not a sample/],
    ['a bad metric name', '# TYPE 1x counter\n', /bad metric name/],
    ['an unknown type', '# TYPE x countr\n', /unknown type/],
    ['a TYPE after samples', 'x 1\n# TYPE x counter\n', /after its samples/],
    ['a family split in two', '# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx 2\n', /continues after/],
    ['a bucket without le', '# TYPE h histogram\nh_bucket 1\n', /without le/],
    ['a label twice', 'x{a="1",a="2"} 1\n', /label a twice/],
    ['no newline at the end', 'x 1', /newline/],
  ])('refuses %s', (_, text, reason) => {
    expect(() => parsePrometheusText(text)).toThrow(reason);
  });
});
