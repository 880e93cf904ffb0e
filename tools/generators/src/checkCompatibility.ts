/**
 * `npm run check:compatibility` (in `npm test`): the schemas the code publishes now against the
 * last released version's, kept in `libs/canonical/schemas/released/<version>/` and never
 * regenerated. Fails on any change that breaks a reader of that version (docs/contract.md,
 * "Versions"); a breaking change needs a new major version on new topics instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { jsonSchemas } from './jsonSchemas.js';
import { compatibilityProblems, type SchemaRelease } from './schemaCompatibility.js';

const releasedVersion = 'v1';
const releasedFolder = new URL(`../../../libs/canonical/schemas/released/${releasedVersion}/`, import.meta.url);

const nameOf = (file: string) => file.replace(/\.schema\.json$/, '');
const readFolder = (folder: URL): Record<string, object> =>
  Object.fromEntries(
    readdirSync(folder)
      .filter((file) => file.endsWith('.schema.json'))
      .map((file) => [nameOf(file), JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as object]),
  );

const released: SchemaRelease = { writer: readFolder(releasedFolder), reader: readFolder(new URL('reader/', releasedFolder)) };
const generated = Object.entries(jsonSchemas()).map(([path, text]) => [path, JSON.parse(text) as object] as const);
const current: SchemaRelease = {
  writer: Object.fromEntries(generated.filter(([path]) => !path.startsWith('reader/')).map(([path, schema]) => [nameOf(path), schema])),
  reader: Object.fromEntries(generated.filter(([path]) => path.startsWith('reader/')).map(([path, schema]) => [nameOf(path.slice('reader/'.length)), schema])),
};

const problems = await compatibilityProblems(released, current, releasedVersion);
for (const problem of problems) console.error(`breaks ${releasedVersion} readers: ${problem}`);
if (problems.length > 0) process.exit(1);
console.log(`schemas compatible with ${releasedVersion}: ${Object.keys(released.writer).length} record kinds checked both ways`);
