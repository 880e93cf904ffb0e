import type { z } from 'zod';

/** A one-line reason from a zod failure, for dead letters and reports: where, and what was wrong. */
export function schemaProblem(error: z.ZodError, prefix = ''): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path || '(payload)'}: ${issue.message}`;
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
