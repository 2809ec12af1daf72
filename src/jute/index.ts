// Barrel of the jute binary codecs.
export { JuteError, JuteErrorCode } from './juteError.js';
export { JUTE_LENGTH_BYTES_MAX, JUTE_MAX_BUFFER_BYTES } from './limits.js';
export { JuteReader, type JuteReaderConfig } from './reader.js';
export { JuteWriter, type JuteWriterConfig } from './writer.js';
export { decodeRecord, emptyRecord, encodeRecord, type RecordCodec } from './record.js';
export { decodeUtf8, encodeUtf8 } from './utf8.js';
