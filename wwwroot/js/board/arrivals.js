// The arrivals-per-hour chart (uPlot): one bar per hour, stacked by service, so both the branch's
// total and each service's share read at a glance. The exact numbers are in the table under the
// chart, for screen readers and for reading off.
import uPlot from '../../lib/uplot/uPlot.esm.js';
import { t, number } from '../i18n.js';

const COLORS = ['#0b5cad', '#c25400', '#17663a', '#7a3db8', '#a4161a', '#00727a'];
const HEIGHT = 240;
const LABEL_PX = 48; // room for one hour's label: fewer labels on a phone
const hour = n => `${String(n).padStart(2, '0')}:00`;

// uPlot draws series in order, later ones over earlier ones: the tallest stack (all services) first,
// down to the first service, so each visible band is one service's arrivals.
function stacks(d) {
  const sums = [];
  d.arrivals.series.forEach((s, i) => sums.push(s.counts.map((n, h) => n + (i > 0 ? sums[i - 1][h] : 0))));
  return sums.reverse();
}

function options(d, width) {
  const services = [...d.arrivals.series].reverse();
  const colors = d.arrivals.series.map((_, i) => COLORS[i % COLORS.length]).reverse();
  const hours = d.arrivals.hours;
  const [first, last] = hours.length ? [Math.min(...hours), Math.max(...hours)] : [8, 17];
  return {
    width,
    height: HEIGHT,
    legend: { live: false },
    cursor: { show: false },
    scales: {
      // The hours' own range, not uPlot's: with a single hour it would spread 0..100 along the axis.
      x: { time: false, auto: false, range: () => [first - 0.6, last + 0.6] },
      y: { range: (_, min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
    },
    axes: [
      { splits: u => hours.filter((_, i) => i % Math.max(1, Math.ceil((hours.length * LABEL_PX) / u.width)) === 0), values: (_, ticks) => ticks.map(hour), stroke: '#3d4550', grid: { show: false } },
      { values: (_, ticks) => ticks.map(n => (Number.isInteger(n) ? number(n) : '')), stroke: '#3d4550', label: t('board.arrivals.axis') },
    ],
    series: [
      { label: t('board.col.hour') },
      ...services.map((s, i) => ({
        label: s.name, stroke: colors[i], fill: colors[i], width: 0,
        paths: uPlot.paths.bars({ size: [0.6, 64] }), points: { show: false },
      })),
    ],
  };
}

const data = d => [d.arrivals.hours, ...stacks(d)];
const shape = d => JSON.stringify(d.arrivals.series.map(s => s.name));

/** Draws into `container`; returns update(d), which redraws only when the numbers changed. */
export function createArrivalsChart(container, d) {
  let current = { shape: shape(d), json: JSON.stringify(data(d)) };
  const width = () => Math.max(280, container.clientWidth);
  let plot = new uPlot(options(d, width()), data(d), container);

  new ResizeObserver(() => plot.setSize({ width: width(), height: HEIGHT })).observe(container);

  /** relabel: the page's language changed, so the axis and legend are drawn again in it. */
  return function update(next, { relabel = false } = {}) {
    const json = JSON.stringify(data(next));
    if (relabel || shape(next) !== current.shape || json !== current.json) {
      // Axis ranges and the stacks change together: a fresh plot is simplest and costs little.
      plot.destroy();
      plot = new uPlot(options(next, width()), data(next), container);
    }
    current = { shape: shape(next), json };
  };
}
