// Three quorum connection managers (ZooKeeper's election-port layer) in one process: they form a full mesh by the
// challenge rule (the larger sid's connection survives) and exchange one message each way.
// Run: npx tsx examples/quorum-mesh.ts
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { createQuorumManager, type QuorumServerEntry } from '../src/index.js';

const base = 25000 + Math.floor(Math.random() * 20000);
const servers = new Map<bigint, QuorumServerEntry>(
  [1n, 2n, 3n].map((sid) => [sid, { electionAddresses: [{ host: '127.0.0.1', port: base + Number(sid) }], type: 'participant' }]),
);
const managers = [1n, 2n, 3n].map((sid) => createQuorumManager({ sid, servers }));

managers.forEach((m, i) =>
  m.events$.pipe(filter((e) => e.kind === 'opened' || e.kind === 'closed' || e.kind === 'handshakeClosed'))
    .subscribe((e) => console.log(`manager ${i + 1}: ${e.kind}${'sid' in e && e.sid !== undefined ? ` sid ${e.sid}` : ''}` +
      ('outcome' in e ? ` (${e.outcome})` : '') + ('reason' in e ? ` (${e.reason})` : ''))),
);
// Dials go out as soon as something is queued, so let every listener bind first (the election instead keeps retrying).
await Promise.all(managers.map((m) => firstValueFrom(m.events$.pipe(filter((e) => e.kind === 'listening')))));

const inbox = managers.map((m) => firstValueFrom(m.inbound$.pipe(take(2), toArray())));
for (const [i, m] of managers.entries()) {
  for (const to of [1n, 2n, 3n]) if (to !== BigInt(i + 1)) m.toSend(to, new TextEncoder().encode(`hello from ${i + 1}`));
}
for (const [i, messages] of (await Promise.all(inbox)).entries()) {
  console.log(`manager ${i + 1} got: ${messages.map((m) => `${new TextDecoder().decode(m.payload)} (sid ${m.sid})`).join(', ')}`);
}
await Promise.all(managers.map((m) => m.stop()));
