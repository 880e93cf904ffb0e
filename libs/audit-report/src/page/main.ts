import './styles.css';
import { EventChunks, readMessageIndex, readProblems, readSummary } from './blobs.js';
import { h } from './dom.js';
import { MessageCatalog } from './MessageCatalog.js';
import { messagesSection } from './messagesSection.js';
import { problemsSection } from './problemsSection.js';
import { finalStatesSection, summarySection } from './summaryViews.js';

const summary = readSummary();
const chunks = new EventChunks(summary.chunkSize);
const sections: ReadonlyArray<[string, string]> = [
  ['summary', 'Summary'],
  ['finals', 'Final states'],
  ['problems', 'Problems'],
  ['messages', 'Messages'],
];

// The data blocks come after this script in the file: read them once the browser has parsed them all.
const parsed = new Promise<void>((resolve) => (document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', () => resolve()) : resolve()));
const catalog = parsed.then(readMessageIndex).then((index) => new MessageCatalog(index));
const problems = parsed.then(readProblems);
const messages = messagesSection(summary, catalog, chunks);

document.getElementById('app')!.replaceChildren(
  h('a', { class: 'skip', href: '#messages' }, 'Skip to the message search'),
  h(
    'header',
    {},
    h('h1', {}, 'Audit report'),
    h('p', { class: 'subtitle' }, `${summary.input} · msgstatus ${summary.version}`),
    h('nav', { 'aria-label': 'Sections' }, h('ul', {}, ...sections.map(([id, title]) => h('li', {}, h('a', { href: `#${id}` }, title))))),
  ),
  h('main', {}, summarySection(summary), finalStatesSection(summary), problemsSection(summary, problems), messages.element),
);
performance.mark('msgstatus:first-render');
document.body.dataset['rendered'] = 'summary';

const route = () => {
  let hash: string;
  try {
    hash = decodeURIComponent(location.hash.slice(1));
  } catch {
    return; // A link mangled by hand: nothing to open.
  }
  if (hash.startsWith('message=')) void messages.open(hash.slice('message='.length));
};
addEventListener('hashchange', route);
void Promise.all([catalog, problems]).then(() => {
  performance.mark('msgstatus:search-ready');
  document.body.dataset['searchReady'] = 'true';
  route();
});

// An audit file prints every raw event of the open message, not just their summaries.
addEventListener('beforeprint', () => document.querySelectorAll('details').forEach((details) => (details.open = true)));
