// vector<ustring> as client records use it (children, watch lists, ephemerals): never null, bounded count.
import type { JuteReader } from '../jute/reader.js';
import type { JuteWriter } from '../jute/writer.js';
import { PATH_COUNT_MAX } from './limits.js';

export function writePathList(w: JuteWriter, paths: readonly string[]): void {
  w.writeVector(paths, (writer, path) => writer.writeUstring(path));
}

export function readPathList(r: JuteReader): string[] {
  return r.readList((reader) => reader.readString(), PATH_COUNT_MAX);
}
