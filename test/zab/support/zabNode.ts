// A minimal quorum peer for Zab tests, composed in the test tree while src/peer does not run a role yet: the quorum
// manager, runElection and runRole, wired the way the peer is meant to (a lost role restarts the election with the
// epochs the role wrote; a synced role reports its peerEpoch to the election).
import { EMPTY, Subject, asapScheduler, asyncScheduler, concat, map, of, share, switchMap, tap,
  type Observable } from 'rxjs';
import { loadEpochs, snapDirOf } from '../../../src/config/dataDir.js';
import type { PeerConfig } from '../../../src/config/peerConfig.js';
import { dynamicConfigText } from '../../../src/config/quorumView.js';
import { runElection, type ElectionCommand } from '../../../src/election/runElection.js';
import { silentLogger, type Logger } from '../../../src/logging.js';
import { quorumManagerTransport } from '../../../src/peer/quorumManagerTransport.js';
import { verifierOf } from '../../../src/peer/verifierOf.js';
import { fileEpochStore } from '../../../src/zab/epochStore.js';
import { runRole } from '../../../src/zab/runRole.js';
import type { ZabEvent } from '../../../src/zab/types.js';

export type NodeReport =
  | { readonly kind: 'role'; readonly role: string; readonly leader: bigint }
  | { readonly kind: 'zab'; readonly event: ZabEvent };

export interface ZabNode {
  readonly reports$: Observable<NodeReport>;
  stop(): Promise<void>;
}

export async function startZabNode(config: PeerConfig, logger: Logger = silentLogger): Promise<ZabNode> {
  const sid = config.myid ?? 0n;
  const snapDir = snapDirOf(config.dataDir);
  const epochs = fileEpochStore(snapDir, await loadEpochs(snapDir));
  const transport = quorumManagerTransport(config, { logger, scheduler: asyncScheduler });
  const commands = new Subject<ElectionCommand>();
  const verifier = verifierOf(config.view);
  const configText = dynamicConfigText(config);
  const election = runElection({ sid, verifier, lastLoggedZxid: 0n, currentEpoch: epochs.currentEpoch, transport,
    commands$: commands, configText, minNotificationIntervalMs: config.minNotificationIntervalMs,
    maxNotificationIntervalMs: config.maxNotificationIntervalMs, logger });
  const restart = (): void => void asapScheduler.schedule(() =>
    commands.next({ kind: 'start', lastLoggedZxid: 0n, currentEpoch: epochs.currentEpoch }));
  const reports$ = election.decision$.pipe(
    switchMap((decision): Observable<NodeReport> => {
      if (decision.role === 'LOOKING') return EMPTY;
      const role = runRole({ peer: config, decision: { role: decision.role, leader: decision.vote.leader }, verifier,
        configText, epochs, logger }).pipe(
        tap((event) => {
          if (event.kind === 'synced') commands.next({ kind: 'peerEpochUpdated', peerEpoch: event.epoch });
          if (event.kind === 'lost') restart();
        }),
        map((event): NodeReport => ({ kind: 'zab', event })));
      return concat(of<NodeReport>({ kind: 'role', role: decision.role, leader: decision.vote.leader }), role);
    }),
    share(),
  );
  const running = reports$.subscribe();
  return {
    reports$,
    stop: async () => {
      running.unsubscribe();
      commands.complete();
      await transport.stop();
    },
  };
}
