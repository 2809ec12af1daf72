// The only file that imports pino as a value. The library is silent unless the host passes a logger.
import { pino, type Logger as PinoLogger } from 'pino';

/** The narrow logger surface rxzk uses; a pino logger satisfies it, and so does a host app's own adapter. */
export interface Logger {
  trace(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
  /** Whether a level would be written (pino's own method). A logger without it is taken to write every level, so
   *  rxzk builds a debug line's fields only when this says yes. */
  isLevelEnabled?(level: string): boolean;
}

/** For debug lines whose fields cost something to build. */
export function debugEnabled(logger: Logger): boolean {
  return logger.isLevelEnabled?.('debug') ?? true;
}

const noop = (): void => undefined;

/** A logger that drops everything; the default for every component. */
export const silentLogger: Logger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
  isLevelEnabled: () => false,
};

export interface CreateLoggerConfig {
  readonly level?: string;
  readonly name?: string;
  /** pino destination stream; defaults to stdout. */
  readonly destination?: NodeJS.WritableStream;
}

/** A pino logger for the CLI and examples. */
export function createLogger(config: CreateLoggerConfig = {}): Logger {
  const { level = 'info', name = 'rxzk', destination } = config;
  const options = { level, name };
  const logger: PinoLogger = destination === undefined ? pino(options) : pino(options, destination);
  return logger as unknown as Logger;
}
