import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, MetricsRegistry } from './metrics.js';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and histograms in the Prometheus text format', () => {
    const registry = new MetricsRegistry();
    const counter = registry.register(new Counter('c_total', 'A counter.'));
    const gauge = registry.register(new Gauge('g', 'A gauge.'));
    const histogram = registry.register(new Histogram('h_seconds', 'A histogram.', [0.1, 1]));
    counter.inc(2, { reason: 'not-json' });
    counter.inc(1, { reason: 'a"b' });
    gauge.set(7);
    histogram.observe(0.05);
    histogram.observe(0.5);
    histogram.observe(3);
    expect(registry.render()).toBe(
      [
        '# HELP c_total A counter.',
        '# TYPE c_total counter',
        'c_total{reason="not-json"} 2',
        'c_total{reason="a\\"b"} 1',
        '# HELP g A gauge.',
        '# TYPE g gauge',
        'g 7',
        '# HELP h_seconds A histogram.',
        '# TYPE h_seconds histogram',
        'h_seconds_bucket{le="0.1"} 1',
        'h_seconds_bucket{le="1"} 2',
        'h_seconds_bucket{le="+Inf"} 3',
        'h_seconds_sum 3.55',
        'h_seconds_count 3',
        '',
      ].join('\n'),
    );
    expect(counter.value({ reason: 'not-json' })).toBe(2);
  });

  it('keeps one histogram series per label set', () => {
    const histogram = new Histogram('d_seconds', 'Durations.', [0.1]);
    histogram.observe(0.05, { route: '/a' });
    histogram.observe(0.5, { route: '/a' });
    histogram.observe(0.01, { route: '/b' });
    expect(histogram.render()).toEqual([
      '# HELP d_seconds Durations.',
      '# TYPE d_seconds histogram',
      'd_seconds_bucket{route="/a",le="0.1"} 1',
      'd_seconds_bucket{route="/a",le="+Inf"} 2',
      'd_seconds_sum{route="/a"} 0.55',
      'd_seconds_count{route="/a"} 2',
      'd_seconds_bucket{route="/b",le="0.1"} 1',
      'd_seconds_bucket{route="/b",le="+Inf"} 1',
      'd_seconds_sum{route="/b"} 0.01',
      'd_seconds_count{route="/b"} 1',
    ]);
    expect(histogram.snapshot({ route: '/a' }).count).toBe(2);
    expect(new Histogram('e', 'E.', [1]).render()).toContain('e_count 0');
  });

  it('shows a counter never incremented as 0', () => {
    expect(new Counter('x_total', 'X.').render()).toContain('x_total 0');
  });
});
