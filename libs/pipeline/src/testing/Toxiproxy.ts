/**
 * A small client of Toxiproxy's HTTP API (the fault proxy that tools/kafka/cluster.sh starts in
 * front of each broker): add and remove toxics on a proxy, enable and disable it. The proxies
 * themselves are cluster.sh's; this only changes what they do to the traffic.
 */

/** A toxic as Toxiproxy takes it: `latency` (ms), `reset_peer` (RST after `timeout` ms), `timeout` (0: a black hole). */
export interface Toxic {
  readonly name: string;
  readonly type: 'latency' | 'reset_peer' | 'timeout' | 'bandwidth' | 'slow_close' | 'limit_data';
  readonly stream?: 'upstream' | 'downstream';
  readonly toxicity?: number;
  readonly attributes: Readonly<Record<string, number>>;
}

export class Toxiproxy {
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  async #call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Toxiproxy ${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? null : JSON.parse(text);
  }

  /** The proxies by name, each with its toxics' names. */
  async proxies(): Promise<Record<string, { readonly enabled: boolean; readonly listen: string; readonly toxics: ReadonlyArray<{ readonly name: string }> }>> {
    return (await this.#call('GET', '/proxies')) as Record<string, { enabled: boolean; listen: string; toxics: { name: string }[] }>;
  }

  /** Adds `toxic` to `proxy`: it applies to the connections open now and to new ones. */
  async addToxic(proxy: string, toxic: Toxic): Promise<void> {
    await this.#call('POST', `/proxies/${proxy}/toxics`, { stream: 'downstream', toxicity: 1, ...toxic });
  }

  async removeToxic(proxy: string, name: string): Promise<void> {
    await this.#call('DELETE', `/proxies/${proxy}/toxics/${name}`);
  }

  /** A disabled proxy closes its connections and refuses new ones. */
  async setEnabled(proxy: string, enabled: boolean): Promise<void> {
    await this.#call('POST', `/proxies/${proxy}`, { enabled });
  }

  /** Every proxy enabled, every toxic removed. */
  async reset(): Promise<void> {
    await this.#call('POST', '/reset');
  }
}
