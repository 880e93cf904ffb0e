import { scaleUtc } from 'd3-scale';
import { utcDay, utcMinute, utcMonth, utcSecond, utcYear } from 'd3-time';
import { utcFormat } from 'd3-time-format';
import { colorOf, decisionColors } from './colors.js';
import { s } from './dom.js';
import type { TimelineLayout, TimelinePoint } from './timelineLayout.js';

const laneHeight = 46;
const labelWidth = 170;
const axisHeight = 34;
const fullTime = utcFormat('%Y-%m-%d %H:%M:%S.%L UTC');

const tickFormats = {
  millisecond: utcFormat('.%L'),
  second: utcFormat(':%S'),
  minute: utcFormat('%H:%M'),
  day: utcFormat('%b %d'),
  month: utcFormat('%b'),
  year: utcFormat('%Y'),
};

/** Ticks in UTC on a 24-hour clock, each as precise as its interval: `.250`, `:30`, `09:01`, `Jan 05`, `2026`. */
function tickLabel(date: Date): string {
  if (utcSecond(date) < date) return tickFormats.millisecond(date);
  if (utcMinute(date) < date) return tickFormats.second(date);
  if (utcDay(date) < date) return tickFormats.minute(date);
  if (utcMonth(date) < date) return tickFormats.day(date);
  return utcYear(date) < date ? tickFormats.month(date) : tickFormats.year(date);
}

export const formatTime = (value: number | null): string => (value === null ? 'none' : fullTime(new Date(value)));

export function describePoint(point: TimelinePoint): string {
  const late = point.late ? `, received late, ${Math.round((point.receivedAt! - point.providerTime!) / 1000)} s after the provider's time` : '';
  return `Line ${point.line}, ${point.lane}: ${point.kind}; provider time ${formatTime(point.providerTime)}; received ${formatTime(point.receivedAt)}${late}`;
}

/**
 * A message's events on one time axis (UTC), a lane per attempt and channel. Each event is a
 * filled dot at the provider's time and a hollow square at the time it was received, joined by a
 * line: a long line is a late receipt, drawn dashed. Each mark links to its row in the table.
 */
export function timelineChart(layout: TimelineLayout, width: number): SVGSVGElement {
  const height = layout.lanes.length * laneHeight + axisHeight;
  const x = scaleUtc().domain([layout.start, layout.end]).range([labelWidth + 14, width - 18]);
  const laneY = (lane: string) => layout.lanes.indexOf(lane) * laneHeight + laneHeight / 2;
  const lanes = layout.lanes.map((lane, index) =>
    s(
      'g',
      { class: 'lane', 'data-lane': lane },
      s('rect', { x: 0, y: index * laneHeight, width, height: laneHeight, class: index % 2 === 0 ? 'lane-band' : 'lane-band odd' }),
      s('text', { x: labelWidth, y: laneY(lane), 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'lane-label' }, lane),
    ),
  );
  const axisY = layout.lanes.length * laneHeight;
  const ticks = x.ticks(6).map((tick) =>
    s('g', { transform: `translate(${x(tick)},0)` }, s('line', { y1: 0, y2: axisY, class: 'grid' }), s('text', { y: axisY + 20, 'text-anchor': 'middle', class: 'tick' }, tickLabel(tick))),
  );
  const marks = layout.points.map((point) => {
    const y = laneY(point.lane);
    const color = colorOf(decisionColors, point.kind);
    const provider = point.providerTime === null ? null : x(point.providerTime);
    const received = point.receivedAt === null ? null : x(point.receivedAt);
    return s(
      'a',
      { href: `#event-${point.ordinal}`, class: point.late ? 'mark late' : 'mark', 'data-line': point.line, 'data-lane': point.lane, 'data-kind': point.kind, 'data-late': String(point.late), 'aria-label': describePoint(point) },
      s('title', {}, describePoint(point)),
      provider !== null && received !== null ? s('line', { x1: provider, x2: received, y1: y, y2: y, stroke: color, class: point.late ? 'gap late' : 'gap' }) : null,
      received !== null ? s('rect', { x: received - 5, y: y - 5, width: 10, height: 10, fill: '#ffffff', stroke: color, 'stroke-width': 2, class: 'received' }) : null,
      provider !== null ? s('circle', { cx: provider, cy: y, r: 6, fill: color, class: 'provider-time' }) : null,
    );
  });
  return s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, width, height, class: 'timeline', role: 'group', 'aria-label': `Timeline: ${layout.points.length} events in ${layout.lanes.length} lanes, from ${formatTime(layout.start)} to ${formatTime(layout.end)}` },
    ...lanes,
    ...ticks,
    ...marks,
  );
}
