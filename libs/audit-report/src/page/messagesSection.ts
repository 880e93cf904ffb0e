import { messageFlags, type MessageFlag, type ReportSummary } from '../reportFormat.js';
import type { EventChunks } from './blobs.js';
import { colorOf, stateColors } from './colors.js';
import { count, h, section } from './dom.js';
import type { MessageCatalog } from './MessageCatalog.js';
import { messageView } from './messageView.js';
import { messageLink } from './problemsSection.js';
import { VirtualList } from './VirtualList.js';

export interface MessagesSection {
  readonly element: HTMLElement;
  /** Shows a message's story, once the index is read. */
  open(id: string): Promise<void>;
}

/** Search by message id or the provider's id, narrowed by what the messages went through; a message's story below. */
export function messagesSection(summary: ReportSummary, catalog: Promise<MessageCatalog>, chunks: EventChunks): MessagesSection {
  const query = h('input', { id: 'search', type: 'search', autocomplete: 'off', spellcheck: 'false', placeholder: '8x8:4f6c… or 356139161272397824' });
  const flagBoxes = (Object.keys(messageFlags) as MessageFlag[]).map((flag) => h('label', { class: 'flag' }, h('input', { type: 'checkbox', name: 'flag', value: flag }), ` ${flag}`));
  const status = h('p', { id: 'search-status', 'aria-live': 'polite' }, 'Reading the message index…');
  const detail = h('div', { id: 'message' });
  let found: Uint32Array = new Uint32Array(0);
  let loaded: MessageCatalog | null = null;
  const list = new VirtualList({
    label: 'Messages found',
    rowHeight: 34,
    renderRow: (index) => {
      const message = found[index]!;
      const final = loaded!.finalState(message);
      return h(
        'div',
        { class: 'message-row' },
        messageLink(loaded!.id(message)),
        h('span', {}, h('span', { class: 'swatch', style: `background:${colorOf(stateColors, final)}` }), final),
        h('span', {}, `${count(loaded!.eventCount(message))} events`),
        h('span', { class: 'flags' }, loaded!.flags(message).join(' · ')),
      );
    },
  });
  const search = () => {
    if (loaded === null) return;
    const flags = flagBoxes.map((label) => label.querySelector('input')!).filter((box) => box.checked).map((box) => box.value as MessageFlag);
    found = loaded.search(query.value, flags);
    status.textContent = `${count(found.length)} of ${count(loaded.size)} messages`;
    list.reset(found.length);
  };
  let typing: ReturnType<typeof setTimeout> | undefined;
  query.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(search, 120);
  });
  const form = h(
    'form',
    {
      role: 'search',
      class: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        clearTimeout(typing);
        search();
        // Enter on an exact id, or on a search with one answer, opens it; otherwise the list takes the focus.
        const exact = loaded?.find(query.value.trim());
        if (exact !== undefined || found.length === 1) location.hash = `message=${encodeURIComponent(loaded!.id(exact ?? found[0]!))}`;
        else list.focusRow(0);
      },
      onchange: (event) => {
        if ((event.target as HTMLInputElement).name === 'flag') search();
      },
    },
    h('label', { for: 'search' }, "Message id or provider's id"),
    query,
    h('button', { type: 'submit' }, 'Search'),
    h('fieldset', {}, h('legend', {}, 'Only messages with'), ...flagBoxes),
  );
  void catalog.then((ready) => {
    loaded = ready;
    search();
  });
  const element = section('messages', 'Messages', form, status, list.element, detail);
  return {
    element,
    async open(id) {
      const ready = await catalog;
      const message = ready.find(id);
      if (message === undefined) {
        detail.replaceChildren(h('p', { role: 'alert' }, `No message ${id} in this report.`));
        return;
      }
      detail.replaceChildren(h('p', { 'aria-live': 'polite' }, `Reading the events of ${id}…`));
      detail.replaceChildren(await messageView(summary, ready, chunks, message));
      detail.querySelector<HTMLElement>('#message-title')?.focus();
      document.body.dataset['openMessage'] = id;
    },
  };
}
