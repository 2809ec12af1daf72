// Named maxima for jute decoding, mirroring ZooKeeper's defaults so we refuse what a real server or client refuses.

/** jute.maxbuffer default (0xFFFFF): the largest frame a ZooKeeper 3.8 server or client accepts. */
export const JUTE_MAX_BUFFER_BYTES = 1_048_575;

/** A string or buffer may be up to jute.maxbuffer + extrasize (extrasize defaults to jute.maxbuffer). */
export const JUTE_LENGTH_BYTES_MAX = 2 * JUTE_MAX_BUFFER_BYTES;
