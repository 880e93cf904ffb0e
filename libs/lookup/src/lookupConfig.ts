import * as Config from 'effect/Config';

/**
 * `MSGSTATUS_STANDBY_REPLICAS` (warm copies of each partition's state on other instances, default
 * 1) and `MSGSTATUS_ADVERTISED_URL` (where other instances reach this one's lookup API; by default
 * its health server's own address).
 */
export const lookupConfig = Config.all({
  standbyReplicas: Config.integer('MSGSTATUS_STANDBY_REPLICAS').pipe(
    Config.withDefault(1),
    Config.validate({ message: 'MSGSTATUS_STANDBY_REPLICAS: 0 or more (0: no standbys; a takeover restores from the state topic)', validation: (n) => n >= 0 }),
  ),
  advertisedUrl: Config.string('MSGSTATUS_ADVERTISED_URL').pipe(
    Config.validate({ message: 'MSGSTATUS_ADVERTISED_URL: an http:// or https:// URL other instances reach this one at', validation: (url) => /^https?:\/\/[^/\s]+\/?$/.test(url) }),
    Config.option,
  ),
});

export const lookupVariables = [
  { name: 'MSGSTATUS_STANDBY_REPLICAS', default: '1', description: "Warm copies of each partition's state kept on other projector instances (0: none; a takeover then restores from the state topic)" },
  { name: 'MSGSTATUS_ADVERTISED_URL', default: null, description: "Where other projector instances reach this one's lookup API (`http://host:port`); its own health server's address when unset" },
] as const;
