// The election's quorum verifier built from a parsed zoo.cfg view (majority or hierarchical), so the peer's
// verifier and the config text its notifications carry come from one source.
import type { QuorumView } from '../config/quorumView.js';
import { formatQuorumServer } from '../config/quorumServers.js';
import { hierarchicalVerifier, majorityVerifier, type QuorumMember, type QuorumVerifier } from '../election/quorumVerifier.js';

export function verifierOf(view: QuorumView): QuorumVerifier {
  const members: QuorumMember[] = [...view.servers.values()].map((server) => ({
    sid: server.sid,
    type: server.type,
    // The verifier keeps the spec without its role suffix (":participant" / ":observer").
    address: formatQuorumServer(server).replace(/:(participant|observer)(?=;|$)/, ''),
  }));
  if (view.quorum.kind === 'majority') return majorityVerifier({ members, version: view.version });
  return hierarchicalVerifier({ members, version: view.version, groups: view.quorum.groups, weights: view.quorum.weights });
}
