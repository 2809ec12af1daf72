// Stable codes for configuration failures; messages carry ZooKeeper 3.8's own reason text so an operator who knows
// the Java server recognises them.
import { ConfigError } from '../errors.js';

export const ConfigErrorCode = {
  tooLarge: 'CONFIG_TOO_LARGE',
  syntax: 'CONFIG_SYNTAX',
  badNumber: 'CONFIG_BAD_NUMBER',
  badBoolean: 'CONFIG_BAD_BOOLEAN',
  badValue: 'CONFIG_BAD_VALUE',
  missing: 'CONFIG_MISSING',
  badServer: 'CONFIG_BAD_SERVER',
  badQuorum: 'CONFIG_BAD_QUORUM',
  badMyid: 'CONFIG_BAD_MYID',
  badEpoch: 'CONFIG_BAD_EPOCH',
  unsupported: 'CONFIG_UNSUPPORTED',
} as const;
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

export function configError(code: ConfigErrorCode, reason: string, cause?: unknown): ConfigError {
  return new ConfigError(code, reason, cause === undefined ? {} : { cause });
}

/** Re-raise a ConfigError with the file it came from in front, as ZooKeeper's "Error processing <path>" does. */
export function inFile(source: string, error: unknown): unknown {
  if (!(error instanceof ConfigError)) return error;
  return new ConfigError(error.code, `Error processing ${source}: ${error.message}`, { cause: error });
}
