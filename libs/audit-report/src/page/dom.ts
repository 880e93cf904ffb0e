type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

function assemble<E extends Element>(element: E, attributes: Attributes, children: ReadonlyArray<Child>): E {
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value as EventListener);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

/** An HTML element with its attributes (`on…` ones are listeners) and children. */
export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] =>
  assemble(document.createElement(tag), attributes, children);

/** An SVG element, likewise. */
export const s = <K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] =>
  assemble(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);

const numbers = new Intl.NumberFormat('en');
export const count = (value: number): string => numbers.format(value);

/** A heading that keyboard users can jump to from the navigation. */
export const section = (id: string, title: string, ...children: Child[]): HTMLElement =>
  h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title`, tabindex: -1 }, title), ...children);
