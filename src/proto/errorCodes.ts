// The one table of ZooKeeper error codes (KeeperException.Code): number -> stable name, Java's code message, and
// whether retrying the same request can succeed. Everything that turns an `err` into an error reads this table.

export interface ErrorCodeInfo {
  readonly errno: number;
  readonly name: string;
  /** KeeperException's text for the code, so our messages read like Java's. */
  readonly message: string;
  /**
   * True when the request may not have been applied or was refused for a transient reason, so sending it again
   * (usually after reconnecting) can succeed. An expired session is not retriable: it needs a new session.
   */
  readonly retriable: boolean;
}

const table = [
  [0, 'OK', 'ok', false],
  [-1, 'SYSTEMERROR', 'SystemError', false],
  [-2, 'RUNTIMEINCONSISTENCY', 'RuntimeInconsistency', false],
  [-3, 'DATAINCONSISTENCY', 'DataInconsistency', false],
  [-4, 'CONNECTIONLOSS', 'ConnectionLoss', true],
  [-5, 'MARSHALLINGERROR', 'MarshallingError', false],
  [-6, 'UNIMPLEMENTED', 'Unimplemented', false],
  [-7, 'OPERATIONTIMEOUT', 'OperationTimeout', true],
  [-8, 'BADARGUMENTS', 'BadArguments', false],
  [-12, 'UNKNOWNSESSION', 'Unknown session', false],
  [-13, 'NEWCONFIGNOQUORUM', 'NewConfigNoQuorum', false],
  [-14, 'RECONFIGINPROGRESS', 'ReconfigInProgress', true],
  [-100, 'APIERROR', 'APIError', false],
  [-101, 'NONODE', 'NoNode', false],
  [-102, 'NOAUTH', 'NoAuth', false],
  [-103, 'BADVERSION', 'BadVersion', false],
  [-108, 'NOCHILDRENFOREPHEMERALS', 'NoChildrenForEphemerals', false],
  [-110, 'NODEEXISTS', 'NodeExists', false],
  [-111, 'NOTEMPTY', 'Directory not empty', false],
  [-112, 'SESSIONEXPIRED', 'Session expired', false],
  [-113, 'INVALIDCALLBACK', 'Invalid callback', false],
  [-114, 'INVALIDACL', 'InvalidACL', false],
  [-115, 'AUTHFAILED', 'AuthFailed', false],
  [-118, 'SESSIONMOVED', 'Session moved', true],
  [-119, 'NOTREADONLY', 'Not a read-only call', false],
  [-120, 'EPHEMERALONLOCALSESSION', 'Ephemeral node on local session', false],
  [-121, 'NOWATCHER', 'No such watcher', false],
  [-122, 'REQUESTTIMEOUT', 'Request timeout', true],
  [-123, 'RECONFIGDISABLED', 'Reconfig is disabled', false],
  [-124, 'SESSIONCLOSEDREQUIRESASLAUTH', 'Session closed because client failed to authenticate', false],
  [-125, 'QUOTAEXCEEDED', 'Quota has exceeded', false],
  [-127, 'THROTTLEDOP', 'Op throttled due to high load', true],
] as const;

export type ErrorCodeName = (typeof table)[number][1];

export const ERROR_CODES: readonly ErrorCodeInfo[] = table.map(([errno, name, message, retriable]) => ({
  errno,
  name,
  message,
  retriable,
}));

/** Error numbers by name, e.g. `ErrorCode.NONODE === -101`. */
export const ErrorCode = Object.fromEntries(table.map(([errno, name]) => [name, errno])) as {
  readonly [K in ErrorCodeName]: Extract<(typeof table)[number], readonly [number, K, string, boolean]>[0];
};

const byErrno = new Map<number, ErrorCodeInfo>(ERROR_CODES.map((info) => [info.errno, info]));

/** The table row for an error number; a number ZooKeeper does not define gets a deterministic 'UNKNOWN' row. */
export function errorCodeInfo(errno: number): ErrorCodeInfo {
  return byErrno.get(errno) ?? { errno, name: 'UNKNOWN', message: `Unknown error ${errno}`, retriable: false };
}
