// Named maxima for everything the config layer reads, so a huge or hostile file is refused with a clear error
// instead of being buffered or looped over without bound.

export const configLimits = {
  /** zoo.cfg files in the wild are a few KiB; 1 MiB leaves room for large generated ensembles. */
  configBytesMax: 1024 * 1024,
  /** One logical line after joining continuations. */
  lineCharsMax: 64 * 1024,
  /** Distinct keys in one file. */
  propertiesMax: 10_000,
  /** server.N lines in one view. */
  serversMax: 1000,
  /** `|`-separated addresses in one server line. */
  addressesPerServerMax: 16,
  /** group.N lines and members per group. */
  groupsMax: 1000,
  /** myid and epoch files hold one number; anything bigger is not such a file. */
  smallFileBytesMax: 4096,
} as const;
