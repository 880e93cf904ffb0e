import { h } from './dom.js';

export interface VirtualListOptions {
  readonly label: string;
  /** Every row is this tall (CSS pixels): rows show one line, cut with an ellipsis. */
  readonly rowHeight: number;
  readonly renderRow: (index: number) => HTMLElement;
  /** How many rows a print shows: an audit file has room for the first ones, not for a million. */
  readonly printRows?: number;
}

/** A row's cells as one line of text. */
const rowText = (row: HTMLElement): string =>
  Array.from(row.children, (cell) => cell.textContent ?? '')
    .filter(Boolean)
    .join(' · ');

/**
 * A list that draws only the rows in view, so a million rows cost what forty do. Arrow keys,
 * Page Up/Down, Home and End move the focus from row to row; the row's first control takes it.
 */
export class VirtualList {
  readonly element: HTMLElement;
  readonly #viewport: HTMLElement;
  readonly #spacer: HTMLElement;
  readonly #printCopy: HTMLElement;
  readonly #focusedText: HTMLElement;
  readonly #options: VirtualListOptions;
  #count = 0;
  #drawn = new Map<number, HTMLElement>();
  #pending = false;

  constructor(options: VirtualListOptions) {
    this.#options = options;
    this.#spacer = h('div', { class: 'vlist-spacer', role: 'list', 'aria-label': options.label });
    this.#viewport = h('div', { class: 'vlist', onscroll: () => this.#schedule(), onkeydown: (event) => this.#key(event as KeyboardEvent) }, this.#spacer);
    this.#printCopy = h('div', { class: 'print-only' });
    // Rows are cut to one line; the focused row is written out whole beneath the list.
    this.#focusedText = h('p', { class: 'row-text', 'aria-hidden': 'true' });
    this.#viewport.addEventListener('focusin', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('.vlist-row');
      this.#focusedText.textContent = row === null ? '' : rowText(row);
    });
    this.element = h('div', {}, this.#viewport, this.#focusedText, this.#printCopy);
    addEventListener('beforeprint', () => this.#fillPrintCopy());
    addEventListener('afterprint', () => this.#printCopy.replaceChildren());
    new ResizeObserver(() => this.#schedule()).observe(this.#viewport);
  }

  get count(): number {
    return this.#count;
  }

  /** Shows `count` rows from the top, all redrawn. */
  reset(count: number): void {
    this.#count = count;
    this.#spacer.style.height = `${count * this.#options.rowHeight}px`;
    for (const row of this.#drawn.values()) row.remove();
    this.#drawn.clear();
    this.#viewport.scrollTop = 0;
    this.#draw();
  }

  #schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    requestAnimationFrame(() => {
      this.#pending = false;
      this.#draw();
    });
  }

  #draw(): void {
    const { rowHeight } = this.#options;
    const height = this.#viewport.clientHeight || rowHeight * 20;
    const first = Math.max(0, Math.floor(this.#viewport.scrollTop / rowHeight) - 5);
    const last = Math.min(this.#count, Math.ceil((this.#viewport.scrollTop + height) / rowHeight) + 5);
    for (const [index, row] of this.#drawn) {
      if ((index < first || index >= last) && !row.contains(document.activeElement)) {
        row.remove();
        this.#drawn.delete(index);
      }
    }
    for (let index = first; index < last; index++) this.#row(index);
  }

  #row(index: number): HTMLElement {
    let row = this.#drawn.get(index);
    if (row !== undefined) return row;
    row = this.#options.renderRow(index);
    row.classList.add('vlist-row');
    row.setAttribute('role', 'listitem');
    row.setAttribute('aria-posinset', String(index + 1));
    row.setAttribute('aria-setsize', String(this.#count));
    row.dataset['index'] = String(index);
    row.style.top = `${index * this.#options.rowHeight}px`;
    row.style.height = `${this.#options.rowHeight}px`;
    for (const control of row.querySelectorAll<HTMLElement>('a, button')) control.tabIndex = -1;
    this.#firstControl(row).tabIndex = 0;
    this.#drawn.set(index, row);
    this.#spacer.append(row);
    return row;
  }

  #firstControl = (row: HTMLElement): HTMLElement => row.querySelector<HTMLElement>('a, button') ?? row;

  /** Scrolls row `index` into view and gives it the focus. */
  focusRow(index: number): void {
    if (this.#count === 0) return;
    const target = Math.max(0, Math.min(this.#count - 1, index));
    const { rowHeight } = this.#options;
    const top = target * rowHeight;
    if (top < this.#viewport.scrollTop) this.#viewport.scrollTop = top;
    else if (top + rowHeight > this.#viewport.scrollTop + this.#viewport.clientHeight) this.#viewport.scrollTop = top + rowHeight - this.#viewport.clientHeight;
    this.#draw();
    this.#firstControl(this.#row(target)).focus();
  }

  #key(event: KeyboardEvent): void {
    const row = (event.target as HTMLElement).closest<HTMLElement>('.vlist-row');
    if (row === null) return;
    const index = Number(row.dataset['index']);
    const page = Math.max(1, Math.floor(this.#viewport.clientHeight / this.#options.rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: this.#count - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    this.focusRow(to);
  }

  #fillPrintCopy(): void {
    const rows = Math.min(this.#count, this.#options.printRows ?? 500);
    const list = h('ol', { class: 'print-rows' });
    for (let index = 0; index < rows; index++) list.append(h('li', {}, rowText(this.#options.renderRow(index))));
    const rest = this.#count - rows;
    this.#printCopy.replaceChildren(list, rest > 0 ? h('p', {}, `… and ${rest.toLocaleString('en')} more rows, in the file.`) : '');
  }
}
