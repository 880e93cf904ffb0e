import { providers } from '@msgstatus/provider-registry';

const durationOf = (ms: number): string => (ms % 86_400_000 === 0 ? `${ms / 86_400_000} days` : ms % 3_600_000 === 0 ? `${ms / 3_600_000} hours` : `${ms / 1000} s`);

/** The contract's table of default receipt windows and fallback, one row per provider and channel, from the providers' declarations. */
export function receiptWindowsTable(): string {
  const rows = providers.flatMap((normalizer) =>
    normalizer.receipts.windows.map(
      (window) =>
        `| \`${normalizer.provider}\` | ${window.channel === '*' ? 'any other' : window.channel} | ${durationOf(window.ms)} | ${normalizer.receipts.fallback ? 'yes' : 'no'} | ${window.source.replace(/\|/g, '\\|')} |`,
    ),
  );
  return ['| provider | channel | window | falls back after a failure | where the default comes from |', '|---|---|---|---|---|', ...rows].join('\n');
}
