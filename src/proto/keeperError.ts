// The one typed error for a ZooKeeper error code: `code` is the stable name ('NONODE'), `errno` the wire number.
import { RxzkError, type RxzkErrorOptions } from '../errors.js';
import { errorCodeInfo } from './errorCodes.js';

export interface KeeperErrorOptions extends RxzkErrorOptions {
  /** The path the failed request named, when it had one (Java appends it to the message). */
  readonly path?: string;
}

export class KeeperError extends RxzkError {
  override readonly name = 'KeeperError';
  readonly errno: number;
  readonly retriable: boolean;
  readonly path: string | undefined;

  constructor(errno: number, options: KeeperErrorOptions = {}) {
    const info = errorCodeInfo(errno);
    const suffix = options.path === undefined ? '' : ` for ${options.path}`;
    super(info.name, `KeeperErrorCode = ${info.message}${suffix}`, options);
    this.errno = errno;
    this.retriable = info.retriable;
    this.path = options.path;
  }
}

/** Interprets a reply's `err`: undefined for OK, otherwise the typed error. */
export function keeperErrorOf(errno: number, options: KeeperErrorOptions = {}): KeeperError | undefined {
  return errno === 0 ? undefined : new KeeperError(errno, options);
}
