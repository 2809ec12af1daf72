// The quorum manager as the election's transport: three runElection instances over three managers on loopback
// sockets elect the largest sid, which shows the manager satisfies the election's port (structurally) end to end.
import { firstValueFrom, timeout } from 'rxjs';
import { afterEach, expect, it } from 'vitest';
import { runElection, type ElectionTransport } from '../../src/election/runElection.js';
import { createQuorumManager, type QuorumManager } from '../../src/quorum/manager.js';
import { majority } from '../election/helpers.js';
import { freePorts } from '../support/ports.js';
import { firstMatch, serversOn, waitMsMax } from './helpers.js';

let managers: QuorumManager[] = [];

afterEach(async () => {
  await Promise.all(managers.map((m) => m.stop()));
  managers = [];
});

it('three elections over three managers agree on sid 3 as leader', async () => {
  const servers = serversOn(await freePorts(3));
  managers = [...servers.keys()].map((sid) => createQuorumManager({ sid, servers }));
  await Promise.all(managers.map((m) => firstMatch(m.events$, (e) => e.kind === 'listening')));
  const verifier = majority([1, 2, 3]);
  const decisions = managers.map((manager, i) => {
    const transport: ElectionTransport = manager;
    const run = runElection({ sid: BigInt(i + 1), verifier, lastLoggedZxid: 0n, currentEpoch: 0n, transport });
    return firstValueFrom(run.decision$.pipe(timeout(waitMsMax)));
  });
  const decided = await Promise.all(decisions);
  expect(decided.map((d) => `${d.role}:${d.vote.leader}`)).toEqual(['FOLLOWING:3', 'FOLLOWING:3', 'LEADING:3']);
});
