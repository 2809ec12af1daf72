// From frame to domain value: decode the bytes (wire/notification.ts), then interpret the carried config text as a
// quorum verifier. An unparsable config keeps the notification (ZooKeeper logs it and goes on), without a verifier.
import { parseConfigText } from './configText.js';
import { decodeNotification } from './wire/notification.js';
import type { Notification, NotificationConfig } from './types.js';

export type ReadResult =
  | { readonly ok: true; readonly notification: Notification }
  | { readonly ok: false; readonly reason: string };

export function readNotification(sid: bigint, payload: Uint8Array): ReadResult {
  const decoded = decodeNotification(sid, payload);
  if (!decoded.ok) return decoded;
  const { configText, ...fields } = decoded.notification;
  return { ok: true, notification: { ...fields, config: configText === null ? null : interpretConfig(configText) } };
}

function interpretConfig(text: string): NotificationConfig {
  try {
    return { text, verifier: parseConfigText(text) };
  } catch (error) {
    return { text, verifier: null, error: error instanceof Error ? error.message : String(error) };
  }
}
