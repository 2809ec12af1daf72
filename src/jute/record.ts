// The shape every wire record shares: one codec object that encodes and decodes, so the client and the server use
// the same definition in opposite directions.
import { DEFAULT_READER_CONFIG, JuteReader, type JuteReaderConfig } from './reader.js';
import { JuteWriter } from './writer.js';

export interface RecordCodec<T> {
  encode(writer: JuteWriter, value: T): void;
  decode(reader: JuteReader): T;
}

export function encodeRecord<T>(codec: RecordCodec<T>, value: T): Uint8Array {
  const writer = new JuteWriter();
  codec.encode(writer, value);
  return writer.toBytes();
}

/** Decodes a whole payload: it must hold exactly one record (trailing bytes are a JuteError). */
export function decodeRecord<T>(codec: RecordCodec<T>, bytes: Uint8Array, config: JuteReaderConfig = DEFAULT_READER_CONFIG): T {
  const reader = new JuteReader(bytes, config);
  const value = codec.decode(reader);
  reader.expectEnd();
  return value;
}

/** A record with no fields (ping, closeSession, and the empty success replies). */
export const emptyRecord: RecordCodec<Record<string, never>> = {
  encode: () => undefined,
  decode: () => ({}),
};
