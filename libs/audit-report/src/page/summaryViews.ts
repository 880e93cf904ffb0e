import { decisionKinds, type ReportSummary } from '../reportFormat.js';
import { stackedBars } from './barChart.js';
import { decisionColors, stateColors } from './colors.js';
import { count, h, section } from './dom.js';

/** The counts in the order of `replay --report`, each tagged with its key for anyone checking them. */
const countList = (summary: ReportSummary) =>
  h(
    'dl',
    { class: 'counts' },
    ...[...Object.entries(summary.counts), ['messages', summary.messages] as const].map(([key, value]) => h('div', {}, h('dt', {}, key), h('dd', { 'data-count': key }, count(value)))),
  );

const decisionRows = (table: ReportSummary['decisionsByProvider']) => Object.entries(table).map(([label, values]) => ({ label, values }));

/** Items that carry no message status on purpose (inbound messages, template updates), by kind. */
const ignoredTable = (summary: ReportSummary) => {
  const kinds = Object.entries(summary.ignoredEvents);
  if (kinds.length === 0) return null;
  return h(
    'table',
    { class: 'numbers', id: 'ignored-events' },
    h('caption', {}, 'Ignored on purpose: items that carry no message status, by provider and event type'),
    h('tbody', {}, ...kinds.map(([kind, items]) => h('tr', {}, h('th', { scope: 'row' }, kind), h('td', {}, count(items))))),
  );
};

export const summarySection = (summary: ReportSummary): HTMLElement =>
  section(
    'summary',
    'Summary',
    h('p', {}, `${count(summary.counts['raw'] ?? 0)} raw events from ${summary.input}, replayed through normalization and the status machine by msgstatus ${summary.version}.`),
    countList(summary),
    h(
      'div',
      { class: 'charts' },
      stackedBars({ id: 'decisions-by-provider', title: 'Decisions per provider', keys: decisionKinds, rows: decisionRows(summary.decisionsByProvider), colors: decisionColors }),
      stackedBars({ id: 'decisions-by-channel', title: 'Decisions per channel', keys: decisionKinds, rows: decisionRows(summary.decisionsByChannel), colors: decisionColors }),
    ),
    ignoredTable(summary),
  );

const finalityWords: Readonly<Record<string, string>> = {
  'last-state': 'final: its last state (read, or an SMS delivered)',
  failure: 'final: a failure no fallback follows',
  'window-closed': 'final: its receipt window closed',
  open: 'open: more may come',
  none: 'none: every event refused',
};

const journeyText = (channels: ReadonlyArray<string>) => channels.map((channel, index) => `${index + 1} ${channel}`).join(' → ');

export function finalStatesSection(summary: ReportSummary): HTMLElement {
  const states = Object.keys(summary.finals);
  const fallback = summary.journeys.filter((journey) => journey.channels.length > 1);
  return section(
    'finals',
    'Final states',
    stackedBars({ id: 'final-states', title: 'Messages by final state', keys: states, rows: states.map((state) => ({ label: state, values: { [state]: summary.finals[state]! } })), colors: stateColors }),
    h('h3', {}, 'Done, or still waiting'),
    h(
      'table',
      { class: 'numbers finality' },
      h('caption', {}, 'Messages at the end of the input: final (no further change will come) and why, or open'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Standing'), h('th', { scope: 'col' }, 'Messages'))),
      h(
        'tbody',
        {},
        ...Object.entries(summary.finality ?? {}).map(([standing, messages]) =>
          h('tr', { 'data-finality': standing }, h('th', { scope: 'row' }, finalityWords[standing] ?? `final (${standing})`), h('td', {}, count(messages))),
        ),
      ),
    ),
    h('h3', {}, 'Journeys: the channel of each attempt'),
    h('p', {}, fallback.length === 0 ? 'No message fell back to another channel.' : `${count(fallback.reduce((sum, journey) => sum + journey.messages, 0))} messages fell back to another channel.`),
    h(
      'table',
      { class: 'numbers journeys' },
      h('caption', {}, 'Messages by journey (attempt → channel), and how they ended'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Journey'), h('th', { scope: 'col' }, 'Messages'), h('th', { scope: 'col' }, 'Final states'))),
      h(
        'tbody',
        {},
        ...summary.journeys.map((journey) =>
          h(
            'tr',
            { 'data-journey': journey.channels.join(' → '), class: journey.channels.length > 1 ? 'fallback' : '' },
            h('th', { scope: 'row' }, journeyText(journey.channels)),
            h('td', {}, count(journey.messages)),
            h('td', {}, Object.entries(journey.finals).map(([state, messages]) => `${count(messages)} ${state}`).join(', ')),
          ),
        ),
      ),
    ),
  );
}
