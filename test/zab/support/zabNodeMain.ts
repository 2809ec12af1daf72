// Child-process entry for the kill -9 tests and the failover benchmark: runs one zabNode from a zoo.cfg and prints
// each report as one JSON line ({ sid, kind, ..., atMs }) on stdout. Ends on SIGTERM or when stdin closes.
import { loadZooCfg } from '../../../src/config/dataDir.js';
import { createLogger, silentLogger } from '../../../src/logging.js';
import { startZabNode } from './zabNode.js';

const cfgPath = process.argv[2];
if (cfgPath === undefined) throw new Error('usage: zabNodeMain <zoo.cfg>');
const config = await loadZooCfg(cfgPath);
// RXZK_ZAB_LOG=debug sends the peer's log to stderr, for reading a slow or failed run.
const level = process.env['RXZK_ZAB_LOG'];
const node = await startZabNode(config, level === undefined ? silentLogger : createLogger({ level, destination: process.stderr }));
const sid = (config.myid ?? 0n).toString();
const print = (fields: Record<string, unknown>): void =>
  void process.stdout.write(`${JSON.stringify({ sid, ...fields, atMs: Date.now() })}\n`);
node.reports$.subscribe((report) => {
  if (report.kind === 'role') print({ kind: 'role', role: report.role, leader: report.leader.toString() });
  else if (report.event.kind === 'lost') print({ kind: 'lost', reason: report.event.reason, detail: report.event.detail });
  else if (report.event.kind !== 'listening') print({ kind: report.event.kind, epoch: report.event.epoch.toString() });
});
print({ kind: 'started' });
const shutdown = (): void => void node.stop().then(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.stdin.on('end', shutdown);
process.stdin.resume();
