/**
 * `npm run generate` writes what is derived from code; `npm run check:generated` (CI) fails when a
 * committed copy is stale: the JSON Schemas of the contract, the AsyncAPI document of the topics,
 * the OpenAPI document of the lookup API, the README's machine diagram, configuration table and architecture (from Nx's project graph), and
 * the contract's table of receipt windows (from the providers' declarations).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { architectureDiagram } from './architectureDiagram.js';
import { asyncApiDocument } from './asyncApi.js';
import { openApiDocument } from './openApi.js';
import { configurationTable } from './configurationTable.js';
import { jsonSchemas } from './jsonSchemas.js';
import { machineDiagram } from './machineDiagram.js';
import { receiptWindowsTable } from './receiptWindowsTable.js';

const root = new URL('../../../', import.meta.url);
const check = process.argv.includes('--check');
/** The text between `<!-- name:begin (npm run generate) -->` and `<!-- name:end -->`, replaced. */
function withSection(readme: string, name: string, content: string, file = 'README.md'): string {
  const begin = `<!-- ${name}:begin (npm run generate) -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) throw new Error(`${file} lacks the markers ${begin} ... ${end}`);
  return `${readme.slice(0, from + begin.length)}\n${content}\n${readme.slice(to)}`;
}

const read = (path: string): string | null => {
  try {
    return readFileSync(new URL(path, root), 'utf8');
  } catch {
    return null;
  }
};

const wanted: Record<string, string> = {
  'README.md': [
    ['machine-diagram', machineDiagram()],
    ['configuration', configurationTable()],
    ['architecture', architectureDiagram()],
  ].reduce((readme, [name, content]) => withSection(readme, name!, content!), read('README.md') ?? ''),
  'docs/contract.md': withSection(read('docs/contract.md') ?? '', 'receipt-windows', receiptWindowsTable(), 'docs/contract.md'),
  'docs/asyncapi.json': `${JSON.stringify(asyncApiDocument(), null, 2)}\n`,
  'docs/openapi.json': `${JSON.stringify(openApiDocument(), null, 2)}\n`,
  ...Object.fromEntries(Object.entries(jsonSchemas()).map(([name, text]) => [`libs/canonical/schemas/${name}`, text])),
};

const stale = Object.entries(wanted).filter(([path, text]) => read(path) !== text);
if (check) {
  for (const [path] of stale) console.error(`stale: ${path} (run npm run generate)`);
  if (stale.length > 0) process.exit(1);
  console.log(`generated files are current (${Object.keys(wanted).length} checked)`);
} else {
  for (const [path, text] of stale) {
    mkdirSync(new URL('.', new URL(path, root)), { recursive: true });
    writeFileSync(new URL(path, root), text);
  }
  console.log(`wrote ${stale.length} file(s): ${stale.map(([path]) => path).join(', ') || 'none changed'}`);
}
