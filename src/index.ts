// rxzk: ZooKeeper 3.8's election, quorum networking and session protocols as RxJS streams. The public API.
export { ConfigError, ProtocolError, RxzkError } from './errors.js';
export type { RxzkErrorOptions } from './errors.js';
export { createLogger, silentLogger } from './logging.js';
export type { CreateLoggerConfig, Logger } from './logging.js';
export { RXZK_VERSION } from './version.js';
