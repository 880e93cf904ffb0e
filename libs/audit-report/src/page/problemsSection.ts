import type { ProblemTable, ReportSummary } from '../reportFormat.js';
import { colorOf, decisionColors } from './colors.js';
import { count, h, section } from './dom.js';
import { VirtualList } from './VirtualList.js';

export const messageLink = (id: string) => h('a', { href: `#message=${encodeURIComponent(id)}`, class: 'message-link' }, id);

/** Anomalies (conflicts), expired observations and invalid lines with their reasons, a million rows as easily as ten. */
export function problemsSection(summary: ReportSummary, problems: Promise<ProblemTable>): HTMLElement {
  const status = h('p', { 'aria-live': 'polite' }, `${count(summary.problems)} problems; reading them…`);
  const kinds = h(
    'select',
    { id: 'problem-kind' },
    ...['all', 'conflict', 'invalid', 'expired'].map((kind) => h('option', { value: kind }, kind === 'all' ? 'every kind' : kind)),
  );
  let table: ProblemTable | null = null;
  let rows: number[] = [];
  const list = new VirtualList({
    label: 'Problems',
    rowHeight: 34,
    renderRow: (index) => {
      const row = rows[index]!;
      const messageId = table!.messageId[row] ?? null;
      const kind = table!.kind[row]!;
      return h(
        'div',
        { class: 'problem-row', 'data-kind': kind },
        h('span', {}, `line ${table!.line[row]}`),
        h('span', {}, h('span', { class: 'swatch', style: `background:${colorOf(decisionColors, kind)}` }), kind),
        messageId === null ? h('span', {}, table!.provider[row] ?? 'unknown provider') : messageLink(messageId),
        h('span', {}, table!.rule[row] ?? ''),
        h('span', { class: 'reason', title: table!.reason[row]! }, table!.reason[row]!),
      );
    },
  });
  const show = () => {
    if (table === null) return;
    const kind = kinds.value;
    rows = [];
    for (let row = 0; row < table.line.length; row++) if (kind === 'all' || table.kind[row] === kind) rows.push(row);
    status.textContent = `${count(rows.length)} of ${count(table.line.length)} problems`;
    list.reset(rows.length);
  };
  kinds.addEventListener('change', show);
  void problems.then((loaded) => {
    table = loaded;
    show();
  });
  return section(
    'problems',
    'Problems',
    h('p', {}, 'Conflicts are anomalies: observations that contradict a terminal fact, published for a person to look at. Invalid lines could not be normalized; expired observations came after their message was forgotten.'),
    h('label', { for: 'problem-kind' }, 'Show '),
    kinds,
    status,
    h('div', { class: 'problem-row problem-head', 'aria-hidden': 'true' }, h('span', {}, 'Line'), h('span', {}, 'Kind'), h('span', {}, 'Message'), h('span', {}, 'Rule'), h('span', {}, 'Reason')),
    list.element,
  );
}
