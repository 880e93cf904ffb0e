import type { z } from 'zod';

const typeNames: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
  undefined: 'nothing',
};

const named = (type: string): string => typeNames[type] ?? type;
const shownValue = (value: unknown): string => (typeof value === 'string' ? quoted(value) : String(value));

/**
 * One zod issue in the words of someone reading a report, not zod's (`expected nonoptional`):
 * what was missing, of the wrong kind, or out of range. Our own messages (custom checks, regex
 * explanations) are already plain and are kept.
 */
function plainIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)$/.exec(issue.message)?.[1];
      if (received === 'undefined' || issue.expected === 'nonoptional') return 'missing';
      return `expected ${named(issue.expected)}${received === undefined ? '' : `, got ${named(received)}`}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `expected ${shownValue(issue.values[0])}` : `expected one of ${issue.values.map(shownValue).join(', ')}`;
    case 'invalid_union':
      return 'not any of the accepted forms';
    case 'too_big':
    case 'too_small': {
      const bound = issue.code === 'too_big' ? `at most ${issue.maximum}` : `at least ${issue.minimum}`;
      if (issue.origin === 'string') return `expected ${bound} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `expected ${bound} items`;
      return `expected a number ${bound}`;
    }
    case 'invalid_format':
      return issue.message.startsWith('Invalid') ? `not a valid ${issue.format === 'regex' ? 'value of its form' : issue.format}` : issue.message;
    case 'unrecognized_keys':
      return `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => quoted(key)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** A one-line reason from a zod failure, for dead letters and reports: where, and what was wrong, in plain words. */
export function schemaProblem(error: z.ZodError, prefix = ''): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path || '(payload)'}: ${plainIssue(issue)}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

/** A provider's word quoted for a reason, cut short: reasons stay one readable line. */
export const quoted = (word: string): string => JSON.stringify(word.length > 80 ? `${word.slice(0, 80)}…` : word);

/** A provider's own text (an error message) for a reason: one line, runs of white space as one, cut short. */
export function providerText(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
