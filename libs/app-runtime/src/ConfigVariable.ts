/**
 * One environment variable an app reads, as the README's configuration table shows it. Each
 * Config module lists its own next to the Config; a generator test checks that the lists name
 * exactly the variables the Configs read, and that each default is the one they apply.
 */
export interface ConfigVariable {
  readonly name: string;
  /** The value used when it is unset, as text; null when unset means off or not configured. */
  readonly default: string | null;
  readonly description: string;
}
