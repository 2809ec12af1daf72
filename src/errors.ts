// Error classes for rxzk: each has a stable `name`, a deterministic `message`, a `code`, and carries its data,
// so marble matchers can compare errors and callers can branch on `code` without parsing text.

export interface RxzkErrorOptions {
  readonly cause?: unknown;
}

export class RxzkError extends Error {
  override readonly name: string = 'RxzkError';
  readonly code: string;

  constructor(code: string, message: string, options: RxzkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Bytes from the network that break the protocol. An operating error: log it, close that one connection. */
export class ProtocolError extends RxzkError {
  override readonly name: string = 'ProtocolError';
}

/** A configuration that a real ZooKeeper 3.8 server would also refuse. */
export class ConfigError extends RxzkError {
  override readonly name: string = 'ConfigError';
}
