// Three rxzk clients compete for leadership under /rxzk-example/leader while a fourth watches who leads.
// Run: npx tsx examples/client-election.ts            (starts an rxzk standalone server on loopback for the demo)
//  or: npx tsx examples/client-election.ts 127.0.0.1:2181   (any ZooKeeper 3.8, or `rxzk start`, on loopback)
// The leader steps down after two seconds (it unsubscribes, which deletes its candidate node) and the next takes over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, take, timer } from 'rxjs';
import { config as zkConfig, createClient, leader$, leadership$, standaloneConfigOf, startStandaloneServer } from '../src/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rxzk-client-example-'));
const port = 24000 + Math.floor(Math.random() * 20000);
const server = process.argv[2] === undefined
  ? await startStandaloneServer(standaloneConfigOf(zkConfig.parseZooCfg(
    `tickTime=2000\ndataDir=${dataDir}\nclientPort=${port}\nclientPortAddress=127.0.0.1\n`)))
  : undefined;
const connect = process.argv[2] ?? `127.0.0.1:${server?.address.port ?? port}`;
console.log(`using ${server === undefined ? 'the server at' : 'an rxzk standalone server at'} ${connect}`);
const candidates = ['alpha', 'beta', 'gamma'].map((id) => ({ id, client: createClient(connect, { sessionTimeoutMs: 10_000 }) }));
const observer = createClient(connect);
observer.state$.subscribe((s) => console.log(`observer: ${s.state} session 0x${s.sessionId.toString(16)}`));
const watching = leader$(observer, '/rxzk-example/leader').subscribe((id) => console.log(`observer: leader is ${id ?? 'nobody'}`));

const subscriptions = candidates.map(({ id, client }) =>
  leadership$(client, '/rxzk-example/leader', { id }).subscribe((leads) => console.log(`${id}: ${leads ? 'LEADING' : 'following'}`)));

const first = await firstValueFrom(leader$(observer, '/rxzk-example/leader').pipe(filter((id) => id !== undefined), take(1)));
await firstValueFrom(timer(2000));
const index = candidates.findIndex((c) => c.id === first);
console.log(`${first} steps down`);
subscriptions[index]?.unsubscribe();
await firstValueFrom(timer(1000));
watching.unsubscribe();
for (const sub of subscriptions) sub.unsubscribe();
await Promise.all([...candidates.map((c) => c.client.close()), observer.close()]);
console.log('all sessions closed');
await server?.stop();
rmSync(dataDir, { recursive: true, force: true });
