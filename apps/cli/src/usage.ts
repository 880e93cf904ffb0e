import { readFileSync } from 'node:fs';

// The bundle defines it at build time; run from the sources, the package.json says it.
declare const MSGSTATUS_CLI_VERSION: string | undefined;

export const cliVersion = (): string =>
  typeof MSGSTATUS_CLI_VERSION === 'string'
    ? MSGSTATUS_CLI_VERSION
    : (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const usage = `Usage:
  msgstatus replay <file.ndjson | -> [--report <file.json>] [--strict] [--workers <n>]
      Replays raw provider envelopes (one JSON object a line) through normalization and the
      status machine; writes the canonical change records as NDJSON to stdout, in input order,
      and a one-line summary to stderr. The input may be a file, a pipe, a FIFO or - for stdin.
      --report <file.json>  also writes the counts, every invalid line with its reason and every
                            conflict with both facts; written whole or not at all.
      --strict              exits 3 when any line or item was invalid (for audit jobs).
      --workers <n>         threads that read and normalize lines past the first 20,000 while
                            the main thread folds them (default: cores - 1, at most 2; 0 for
                            none). The output is the same bytes whatever the number.
  msgstatus replay --from-topic <topic> [--from-topic <topic> ...] [--since <time>] [--report <file.json>] [--strict]
      The same, reading raw history from Kafka raw topics (msgstatus.raw.<provider>): every
      committed record from the beginning, or from the first at or after --since (ISO-8601), to
      the end the topic has when the replay starts. Topics are read one after the other.
  msgstatus publish <file.ndjson | ->
      Publishes raw envelopes to their providers' raw topics, keyed and with the provider and
      received-at headers; lines that cannot be published are listed on stderr.
  msgstatus timeline <messageId> <file.ndjson | -> [--json]
      Tells one message's story: every raw event about it, its observation, and the decision
      (accepted, duplicate, stale, conflict) with the reason. --json writes it as NDJSON.
      Message ids are <provider>:<provider's id>, as in the change records (8x8:4f6c...).
  msgstatus report <file.ndjson | -> --out <report.html> [--strict]
  msgstatus report --from-topic <topic> [--from-topic <topic> ...] [--since <time>] --out <report.html> [--strict]
      Replays the same inputs as replay and writes an audit report: one self-contained HTML page
      (no network, nothing else to ship) with the counts, the decisions per provider and channel,
      final states and fallback journeys, every anomaly and invalid line, a message search, and
      each message's events on a time axis with their observations and decisions. Written whole
      or not at all.
  msgstatus help | --help        This text.
  msgstatus --version            The version.

Kafka commands read KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_SSL, KAFKA_SASL_MECHANISM,
KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and MSGSTATUS_TOPIC_PREFIX (default msgstatus).

Exit codes: 0 done (bad lines are reported, not fatal); 1 input, report file or Kafka failed, or
timeline found nothing; 2 usage error; 3 --strict and something was invalid; 130 interrupted.`;
