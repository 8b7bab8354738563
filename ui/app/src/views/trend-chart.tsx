import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';

// A small time-series chart (uPlot: canvas, fast, no dependencies), one series per period.

export interface TrendSeries {
  readonly label: string;
  readonly colour: string;
  readonly values: readonly (number | null)[];
  readonly format: (value: number) => string;
}

export function TrendChart(props: {
  title: string;
  periods: readonly number[];
  series: readonly TrendSeries[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (box.current === null) return undefined;
    const width = Math.max(280, box.current.clientWidth);
    const plot = new uPlot(
      {
        width,
        height: 180,
        title: props.title,
        scales: { x: { time: true } },
        axes: [
          {},
          { values: (_u, ticks) => ticks.map((tick) => props.series[0]?.format(tick) ?? String(tick)) },
        ],
        series: [
          { label: 'period' },
          ...props.series.map((series) => ({
            label: series.label,
            stroke: series.colour,
            width: 2,
            points: { show: true },
            value: (_u: uPlot, value: number | null) => (value === null ? '—' : series.format(value)),
          })),
        ],
      },
      [
        props.periods.map((ms) => ms / 1000),
        ...props.series.map((series) => [...series.values]),
      ] as uPlot.AlignedData,
      box.current,
    );
    return () => plot.destroy();
  }, [props.periods, props.series, props.title]);
  return <div ref={box} class="chart" role="img" aria-label={`${props.title}, per period`} />;
}
