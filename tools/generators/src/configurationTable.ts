import { healthConfig, healthVariables, logLevelConfig, logLevelVariables, type ConfigVariable } from '@msgstatus/app-runtime';
import { receiptWindowsConfig, receiptWindowVariables, stageConfig, stageVariables } from '@msgstatus/canonical';
import { gatewayConfig, gatewayVariables } from '@msgstatus/gateway';
import { kafkaOptionsConfig, kafkaVariables, transactionsConfig, transactionsVariables } from '@msgstatus/kafka';
import { lookupConfig, lookupVariables } from '@msgstatus/lookup';
import { pollerConfig, pollerVariables } from '@msgstatus/poller';
import { providerIds, providers } from '@msgstatus/provider-registry';
import * as Config from 'effect/Config';

export interface ConfigPart {
  readonly config: Config.Config<unknown>;
  readonly variables: ReadonlyArray<ConfigVariable>;
}

const kafka = (clientId: string): ConfigPart => ({ config: kafkaOptionsConfig(clientId), variables: kafkaVariables(clientId) });
const health = (port: number): ConfigPart => ({ config: healthConfig(port), variables: healthVariables(port) });
const logging: ConfigPart = { config: logLevelConfig, variables: logLevelVariables };
const stage: ConfigPart = { config: stageConfig, variables: stageVariables };
const transactions: ConfigPart = { config: transactionsConfig, variables: transactionsVariables };
const receiptWindows: ConfigPart = { config: receiptWindowsConfig(providerIds), variables: receiptWindowVariables };

/** What each app reads, as its `main.ts` composes it. */
export const appConfigurations: Readonly<Record<string, ReadonlyArray<ConfigPart>>> = {
  ingestor: [kafka('msgstatus-ingestor'), stage, transactions, health(8081), logging],
  projector: [kafka('msgstatus-projector'), stage, transactions, receiptWindows, health(8082), logging, { config: lookupConfig, variables: lookupVariables }],
  gateway: [kafka('msgstatus-gateway'), stage, health(8083), logging, { config: gatewayConfig(providers), variables: gatewayVariables(providers) }],
  poller: [kafka('msgstatus-poller'), stage, health(8084), logging, { config: pollerConfig(providers), variables: pollerVariables(providers) }],
  cli: [kafka('msgstatus-cli'), stage, receiptWindows],
};

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The README's configuration table: one row per variable, with the apps that read it. */
export function configurationTable(): string {
  const rows = new Map<string, { variable: ConfigVariable; apps: string[]; defaults: Set<string> }>();
  for (const [app, parts] of Object.entries(appConfigurations)) {
    for (const variable of parts.flatMap((part) => part.variables)) {
      const row = rows.get(variable.name) ?? { variable, apps: [], defaults: new Set<string>() };
      row.apps.push(app);
      row.defaults.add(variable.default ?? '');
      rows.set(variable.name, row);
    }
  }
  const defaultOf = (row: { variable: ConfigVariable; defaults: Set<string> }) =>
    row.defaults.size > 1 ? 'per app (see the description)' : row.variable.default === null ? 'unset' : `\`${row.variable.default}\``;
  const lines = [...rows.values()].map((row) => {
    const description = row.defaults.size > 1 ? `${row.variable.description}; ${[...row.defaults].join(', ')} by app` : row.variable.description;
    return `| \`${row.variable.name}\` | ${row.apps.join(', ')} | ${defaultOf(row)} | ${cell(description)} |`;
  });
  return ['| variable | apps | default | what |', '|---|---|---|---|', ...lines].join('\n');
}
