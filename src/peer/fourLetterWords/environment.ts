// Shell helper: the `envi` lines for this process, with ZooKeeper's keys and the Node.js equivalents as values
// (java.* keys describe the Node runtime; os.memory.* the V8 heap as free/limit/total, in MB like ZooKeeper).
import { arch, homedir, hostname, release, tmpdir, type, userInfo } from 'node:os';
import { dirname } from 'node:path';
import { enviKeys } from './formatEnvi.js';

export type EnvironmentKey = (typeof enviKeys)[number];

const MB = 1024 * 1024;

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return '<NA>';
  }
}

/** `versionText` is what srvr prints after "Zookeeper version: " (rxzkVersionText). */
export function processEnvironment(versionText: string): (readonly [string, string])[] {
  // node:v8 is loaded when someone asks (envi, conf), not by every server at start-up.
  const heap = process.getBuiltinModule('node:v8').getHeapStatistics();
  const values: Record<EnvironmentKey, string> = {
    'zookeeper.version': versionText,
    'host.name': hostname(),
    'java.version': process.versions.node,
    'java.vendor': 'Node.js',
    'java.home': dirname(process.execPath),
    'java.class.path': process.argv[1] ?? '<NA>',
    'java.library.path': '<NA>',
    'java.io.tmpdir': tmpdir(),
    'java.compiler': '<NA>',
    'os.name': type(),
    'os.arch': arch(),
    'os.version': release(),
    'user.name': userName(),
    'user.home': homedir(),
    'user.dir': process.cwd(),
    'os.memory.free': `${Math.floor((heap.total_heap_size - heap.used_heap_size) / MB)}MB`,
    'os.memory.max': `${Math.floor(heap.heap_size_limit / MB)}MB`,
    'os.memory.total': `${Math.floor(heap.total_heap_size / MB)}MB`,
  };
  return enviKeys.map((key) => [key, values[key]] as const);
}
