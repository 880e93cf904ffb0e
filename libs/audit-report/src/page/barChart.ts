import { scaleBand, scaleLinear } from 'd3-scale';
import { colorOf } from './colors.js';
import { count, h, s } from './dom.js';

export interface BarRow {
  readonly label: string;
  readonly values: Readonly<Record<string, number>>;
}

export interface StackedBarsOptions {
  readonly id: string;
  readonly title: string;
  readonly keys: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<BarRow>;
  readonly colors: Readonly<Record<string, string>>;
}

const labelWidth = 150;
const rowHeight = 26;

/**
 * Horizontal stacked bars as SVG (crisp in print, read by screen readers through its label), with
 * the same numbers as a table beside it: the chart shows proportions, the table the exact counts.
 */
export function stackedBars({ id, title, keys, rows, colors }: StackedBarsOptions): HTMLElement {
  const width = 640;
  const height = rows.length * rowHeight + 28;
  const total = (row: BarRow) => keys.reduce((sum, key) => sum + (row.values[key] ?? 0), 0);
  const x = scaleLinear()
    .domain([0, Math.max(1, ...rows.map(total))])
    .nice()
    .range([labelWidth, width - 12]);
  const y = scaleBand()
    .domain(rows.map((row) => row.label))
    .range([4, height - 24])
    .padding(0.2);
  const bars = rows.flatMap((row) => {
    let start = 0;
    return keys.flatMap((key) => {
      const value = row.values[key] ?? 0;
      if (value === 0) return [];
      const bar = s(
        'rect',
        { x: x(start), y: y(row.label)!, width: Math.max(1, x(start + value) - x(start)), height: y.bandwidth(), fill: colorOf(colors, key), 'data-key': key, 'data-row': row.label },
        s('title', {}, `${row.label} · ${key}: ${count(value)}`),
      );
      start += value;
      return [bar];
    });
  });
  const labels = rows.map((row) => s('text', { x: labelWidth - 8, y: y(row.label)! + y.bandwidth() / 2, class: 'bar-label', 'dominant-baseline': 'middle', 'text-anchor': 'end' }, row.label));
  const ticks = x.ticks(5).map((tick) => s('g', { transform: `translate(${x(tick)},0)` }, s('line', { y1: 0, y2: height - 24, class: 'grid' }), s('text', { y: height - 8, 'text-anchor': 'middle', class: 'tick' }, count(tick))));
  const summary = rows.map((row) => `${row.label}: ${keys.filter((key) => (row.values[key] ?? 0) > 0).map((key) => `${count(row.values[key]!)} ${key}`).join(', ') || 'nothing'}`).join('; ');
  const chart = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `${title}. ${summary}.`, class: 'chart' }, ...ticks, ...bars, ...labels);
  const legend = h('ul', { class: 'legend', 'aria-hidden': 'true' }, ...keys.map((key) => h('li', {}, h('span', { class: 'swatch', style: `background:${colorOf(colors, key)}` }), key)));
  const table = h(
    'table',
    { class: 'numbers', id: `${id}-table` },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), ...keys.map((key) => h('th', { scope: 'col' }, key)), h('th', { scope: 'col' }, 'total'))),
    h('tbody', {}, ...rows.map((row) => h('tr', { 'data-row': row.label }, h('th', { scope: 'row' }, row.label), ...keys.map((key) => h('td', { 'data-key': key }, count(row.values[key] ?? 0))), h('td', { 'data-key': 'total' }, count(total(row)))))),
  );
  return h('figure', { id, class: 'chart-figure' }, h('figcaption', {}, title), chart, legend, table);
}
