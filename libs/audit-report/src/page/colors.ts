/**
 * One colour per decision, each at least 4.5:1 against the white page (WCAG AA for text), so the
 * legend's words and the marks read alike; the charts always say the kind in words as well.
 */
export const decisionColors: Readonly<Record<string, string>> = {
  accepted: '#1a7f37',
  duplicate: '#57606a',
  stale: '#9a6700',
  conflict: '#cf222e',
  expired: '#8250df',
  ignored: '#0969da',
  invalid: '#953800',
  closed: '#1b7c83',
};

export const stateColors: Readonly<Record<string, string>> = {
  queued: '#57606a',
  sent: '#0969da',
  delivered: '#1a7f37',
  read: '#116329',
  rejected: '#953800',
  undelivered: '#9a6700',
  failed: '#cf222e',
  none: '#6e7781',
};

export const colorOf = (table: Readonly<Record<string, string>>, key: string): string => table[key] ?? '#57606a';
