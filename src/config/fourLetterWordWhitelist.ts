// Which four-letter words a ZooKeeper 3.8 server answers, from its JVM properties (FourLetterCommands.isEnabled).

/** Every word ZooKeeper 3.8 knows (the telnet-close code excluded: it has no text name a whitelist can use). */
export const knownFourLetterWords = [
  'conf', 'cons', 'crst', 'dirs', 'dump', 'envi', 'gtmk', 'ruok', 'stmk',
  'srst', 'srvr', 'stat', 'wchc', 'wchp', 'wchs', 'mntr', 'isro', 'hash',
] as const;
export type FourLetterWord = (typeof knownFourLetterWords)[number];

export const WHITELIST_PROPERTY = 'zookeeper.4lw.commands.whitelist';
export const READONLY_PROPERTY = 'readonlymode.enabled';

/** Comma list, entries trimmed, `*` = all, unknown entries kept but harmless; srvr always; isro if read-only mode. */
export function fourLetterWordWhitelist(systemProperties: ReadonlyMap<string, string>): ReadonlySet<string> {
  const enabled = new Set<string>();
  const list = systemProperties.get(WHITELIST_PROPERTY);
  for (const entry of list === undefined ? [] : list.split(',')) {
    const word = entry.trim();
    if (word === '*') {
      for (const known of knownFourLetterWords) enabled.add(known);
      // ZooKeeper's "*" also enables the telnet-close code, which changes how that code is answered.
      enabled.add('telnet close');
      break;
    }
    if (word !== '') enabled.add(word);
  }
  if (systemProperties.get(READONLY_PROPERTY) === 'true') enabled.add('isro');
  enabled.add('srvr');
  return enabled;
}
