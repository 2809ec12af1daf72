// Named maxima for vectors inside client records. Each bound is loose enough for anything a real ZooKeeper 3.8
// frame can carry, and tight enough that a lying count fails before we allocate.
import { JUTE_LENGTH_BYTES_MAX } from '../jute/limits.js';

/** Entries in one ACL list (ZooKeeper sets no limit; real lists have a handful). */
export const ACL_COUNT_MAX = 1024;

/** Strings in one path list (children, watches, ephemerals): every ustring takes at least 4 bytes. */
export const PATH_COUNT_MAX = Math.floor(JUTE_LENGTH_BYTES_MAX / 4);

/** Operations in one multi: every op takes at least a 9-byte MultiHeader. */
export const MULTI_OP_COUNT_MAX = Math.floor(JUTE_LENGTH_BYTES_MAX / 9);
