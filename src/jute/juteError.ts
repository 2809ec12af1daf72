// The one error raised by jute decoding: bytes that end too early or declare impossible lengths. It is a
// ProtocolError, so a connection shell treats it as an operating error (log, close that connection).
import { ProtocolError } from '../errors.js';

export const JuteErrorCode = {
  truncated: 'JUTE_TRUNCATED',
  length: 'JUTE_LENGTH',
  count: 'JUTE_COUNT',
  nullValue: 'JUTE_NULL',
  trailing: 'JUTE_TRAILING',
  value: 'JUTE_VALUE',
} as const;
export type JuteErrorCode = (typeof JuteErrorCode)[keyof typeof JuteErrorCode];

export class JuteError extends ProtocolError {
  override readonly name: string = 'JuteError';
  /** Byte offset in the record where the bad value starts. */
  readonly offset: number;

  constructor(code: JuteErrorCode, message: string, offset: number) {
    super(code, `${code}: ${message} at offset ${offset}`);
    this.offset = offset;
  }
}
