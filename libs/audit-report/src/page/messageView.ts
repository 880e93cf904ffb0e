import { describeOutcome } from '../describeEvent.js';
import type { EventRecord, ReportSummary } from '../reportFormat.js';
import type { EventChunks } from './blobs.js';
import { colorOf, decisionColors, stateColors } from './colors.js';
import { count, h } from './dom.js';
import type { MessageCatalog } from './MessageCatalog.js';
import { formatTime, timelineChart } from './timelineChart.js';
import { laneOf, timelineLayout, type TimelinePoint } from './timelineLayout.js';

function describeObservation(record: EventRecord): string {
  const observation = record.observation;
  if (observation === null) return record.outcome.kind === 'closed' ? 'none: its receipt window closed, no provider said anything' : 'none: the event was not normalized';
  return [
    observation.detail === null ? observation.state : `${observation.state} (${observation.detail})`,
    `provider said ${JSON.stringify(observation.providerStatus)}`,
    observation.error === null ? null : `error ${observation.error.code}${observation.error.message ? ` ${JSON.stringify(observation.error.message)}` : ''}`,
    `event ${observation.eventId}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

const eventRowsAtOnce = 500;

const badge = (text: string, kind: string) => h('span', { class: `badge badge-${kind}` }, text);

function eventRow(record: EventRecord, point: TimelinePoint): HTMLTableRowElement {
  const late = point.late ? badge(`late: +${count(Math.round((point.receivedAt! - point.providerTime!) / 1000))} s`, 'late') : null;
  return h(
    'tr',
    { id: `event-${point.ordinal}`, tabindex: -1, 'data-line': record.line, 'data-lane': laneOf(record), 'data-kind': record.outcome.kind },
    h('td', { class: 'line' }, record.line),
    h('td', {}, laneOf(record)),
    h('td', { class: 'time' }, formatTime(point.providerTime)),
    h('td', { class: 'time' }, formatTime(point.receivedAt), ' ', late),
    h('td', {}, describeObservation(record)),
    h('td', {}, h('span', { class: 'swatch', style: `background:${colorOf(decisionColors, record.outcome.kind)}` }), describeOutcome(record.outcome)),
    h('td', {}, h('details', {}, h('summary', {}, `${record.provider ?? 'unknown provider'} payload`), h('pre', {}, JSON.stringify(record.payload, null, 2)))),
  );
}

const legend = (summary: ReportSummary, start: number) =>
  h(
    'p',
    { class: 'timeline-legend' },
    h('span', { class: 'key-dot', 'aria-hidden': 'true' }),
    " the provider's time  ",
    h('span', { class: 'key-square', 'aria-hidden': 'true' }),
    ' received by msgstatus  ',
    h('span', { class: 'key-late', 'aria-hidden': 'true' }),
    ` late: received over ${Math.round(summary.lateAfterMs / 1000)} s after the provider's time. Colour is the decision. Times are UTC; the axis starts at ${formatTime(start)}.`,
  );

/** One message's story: what it ended as, its events on a time axis, and every event's observation and decision. */
export async function messageView(summary: ReportSummary, catalog: MessageCatalog, chunks: EventChunks, message: number): Promise<HTMLElement> {
  const ordinals = catalog.events(message);
  const records = await chunks.events(ordinals);
  const layout = timelineLayout(records, ordinals, summary.lateAfterMs);
  const width = Math.max(640, Math.min(1200, (document.getElementById('message')?.clientWidth ?? 960) - 8));
  const final = catalog.finalState(message);
  const flags = catalog.flags(message);
  const rows = h('tbody', {});
  const more = h('button', { type: 'button', class: 'more' });
  // A message polled for months can have thousands of events: rows come a page at a time.
  const showMore = () => {
    const from = rows.childElementCount;
    rows.append(...records.slice(from, from + eventRowsAtOnce).map((record, index) => eventRow(record, layout.points[from + index]!)));
    more.textContent = `Show ${count(Math.min(eventRowsAtOnce, records.length - rows.childElementCount))} more of ${count(records.length - rows.childElementCount)} events`;
    more.hidden = rows.childElementCount === records.length;
  };
  more.addEventListener('click', showMore);
  showMore();
  const table = h(
    'table',
    { class: 'events', tabindex: -1 },
    h('caption', {}, `Every raw event about ${catalog.id(message)}, in the order received`),
    h('thead', {}, h('tr', {}, ...['Line', 'Lane', "Provider's time", 'Received', 'Observation', 'Decision (rule): reason', 'Raw event'].map((title) => h('th', { scope: 'col' }, title)))),
    rows,
  );
  const view = h(
    'article',
    { class: 'message', 'data-message': catalog.id(message) },
    h('h3', { id: 'message-title', tabindex: -1 }, catalog.id(message)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, "Provider's id"),
      h('dd', {}, catalog.providerMessageId(message)),
      h('dt', {}, 'Final state'),
      h('dd', { 'data-final': final }, h('span', { class: 'swatch', style: `background:${colorOf(stateColors, final)}` }), final),
      h('dt', {}, 'Events'),
      h('dd', {}, count(records.length)),
      h('dt', {}, 'Lanes'),
      h('dd', {}, layout.lanes.join(', ')),
      h('dt', {}, 'Seen'),
      h('dd', { 'data-flags': flags.join(' ') }, ...(flags.length === 0 ? ['nothing unusual'] : flags.map((flag) => badge(flag, flag)))),
    ),
    legend(summary, layout.start),
    // Every mark takes the focus in turn: a long history needs a way past them.
    h('button', { type: 'button', class: 'skip skip-timeline', onclick: () => table.focus() }, `Skip the timeline's ${count(records.length)} marks, to the table of events`),
    h('div', { class: 'timeline-frame' }, timelineChart(layout, width)),
    table,
    more,
  );
  view.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a.mark');
    if (link === null) return;
    event.preventDefault();
    while (view.querySelector(link.getAttribute('href')!) === null && !more.hidden) showMore();
    const row = view.querySelector<HTMLElement>(link.getAttribute('href')!);
    row?.scrollIntoView({ block: 'center' });
    row?.focus();
  });
  return view;
}
