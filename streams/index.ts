// rxzk/streams: generic reactive primitives (framing, sockets, bounded queues, backoff, feedback loops).
export { FRAME_HEADER_BYTES, FrameDecoder, FrameLengthError, decodeFrames, encodeFrame, encodeFrameHeader } from './frames.js';
export type { FrameDecoderConfig } from './frames.js';
export { InputAlreadyConsumedError, MemoryBufferOverflowError, framed, memoryDuplexPair } from './duplex.js';
export type { CloseInfo, Duplex, MemoryDuplexConfig } from './duplex.js';
export { ConnectTimeoutError, dial, listen, wrapSocket } from './socket.js';
export type { DialConfig, ListenConfig, ListenEvent, SocketAddress, SocketDuplex, SocketOptions } from './socket.js';
export { BoundedQueue, QueueOverflowError } from './boundedQueue.js';
export type { BoundedQueueConfig, OverflowPolicy, QueueTarget } from './boundedQueue.js';
export { backoffDelayMs, backoffTable, retryBackoff } from './backoff.js';
export type { BackoffConfig, RetryBackoffConfig } from './backoff.js';
export { FeedbackOverflowError, feedback } from './feedback.js';
export type { FeedbackConfig, FeedbackStep, KeyedReaction, Reaction } from './feedback.js';
