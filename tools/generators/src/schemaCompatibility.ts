import jsonSchemaDiff from 'json-schema-diff';

/** The writer's and the reader's schema of each record kind, by name (`status-change`, ...). */
export interface SchemaRelease {
  readonly writer: Readonly<Record<string, object>>;
  readonly reader: Readonly<Record<string, object>>;
}

/** json-schema-diff reasons about what a schema accepts; identifiers and dialect are not that. */
const comparable = (schema: object): object => {
  const { $schema: _dialect, $id: _id, title: _title, ...rest } = schema as Record<string, unknown>;
  return rest;
};

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The values a schema allows by `enum` or `const`, or null for any. */
const listed = (schema: Schema): ReadonlyArray<unknown> | null =>
  'const' in schema ? [schema['const']] : Array.isArray(schema['enum']) ? (schema['enum'] as unknown[]) : null;

/**
 * What json-schema-diff does not reason about (`enum`, `const`, `pattern`, `format`), compared
 * where both schemas have the same shape: a value `narrower` allows that `wider` does not, in words.
 */
function keywordProblems(narrower: Schema, wider: Schema, path: string): string[] {
  const problems: string[] = [];
  const [allowed, accepted] = [listed(narrower), listed(wider)];
  if (accepted !== null) {
    const outside = allowed === null ? ['any value'] : allowed.filter((value) => !accepted.some((known) => JSON.stringify(known) === JSON.stringify(value)));
    if (outside.length > 0) problems.push(`${path || '/'}: ${outside.map((value) => JSON.stringify(value)).join(', ')} not among ${JSON.stringify(accepted)}`);
  }
  for (const keyword of ['pattern', 'format']) {
    if (wider[keyword] !== undefined && wider[keyword] !== narrower[keyword]) problems.push(`${path || '/'}: ${keyword} ${JSON.stringify(wider[keyword])} required`);
  }
  const pairs: Array<[unknown, unknown, string]> = [
    [narrower['items'], wider['items'], `${path}/items`],
    [narrower['additionalProperties'], wider['additionalProperties'], `${path}/additionalProperties`],
    ...Object.keys(isSchema(narrower['properties']) ? narrower['properties'] : {}).map((name): [unknown, unknown, string] => [
      (narrower['properties'] as Schema)[name],
      isSchema(wider['properties']) ? wider['properties'][name] : undefined,
      `${path}/${name}`,
    ]),
    ...(Array.isArray(narrower['anyOf']) ? narrower['anyOf'] : []).map((branch, index): [unknown, unknown, string] => [
      branch,
      Array.isArray(wider['anyOf']) ? wider['anyOf'][index] : undefined,
      `${path}/anyOf/${index}`,
    ]),
  ];
  for (const [inner, outer, innerPath] of pairs) if (isSchema(inner) && isSchema(outer)) problems.push(...keywordProblems(inner, outer, innerPath));
  return problems;
}

/** Does every document `narrower` accepts pass `wider` too? If not, what does not. */
async function notWithin(narrower: object, wider: object): Promise<string | null> {
  const difference = await jsonSchemaDiff.diffSchemas({ sourceSchema: comparable(wider), destinationSchema: comparable(narrower) });
  if (difference.additionsFound) return JSON.stringify(difference.addedJsonSchema);
  const problems = keywordProblems(narrower as Schema, wider as Schema, '');
  return problems.length > 0 ? problems.join('; ') : null;
}

/**
 * What breaks between a released version and the current schemas, in words (none: compatible).
 * Both ways, since a topic holds records of both: whatever we write now must pass a reader of the
 * release, and whatever the release wrote must pass a reader of now. json-schema-diff computes
 * the set of documents one schema accepts and the other does not, for the keywords it knows
 * (types, fields, required, bounds); `keywordProblems` covers the value lists and patterns.
 */
export async function compatibilityProblems(released: SchemaRelease, current: SchemaRelease, version: string): Promise<string[]> {
  const problems: string[] = [];
  for (const name of Object.keys(released.writer)) {
    const [writer, reader] = [current.writer[name], current.reader[name]];
    if (writer === undefined || reader === undefined) {
      problems.push(`${name}: released in ${version}, no longer published`);
      continue;
    }
    const refusedByOldReaders = await notWithin(writer, released.reader[name]!);
    if (refusedByOldReaders !== null) {
      problems.push(`${name}: we now write records a ${version} reader refuses, such as ${refusedByOldReaders}`);
    }
    const refusedByNewReaders = await notWithin(released.writer[name]!, reader);
    if (refusedByNewReaders !== null) {
      problems.push(`${name}: a reader now refuses records ${version} wrote, such as ${refusedByNewReaders}`);
    }
  }
  return problems;
}
