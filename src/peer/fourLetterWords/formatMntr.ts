// `mntr` reply: `zk_<key>\t<value>` lines. ZooKeeper prints version and server_state first, then its registered
// gauges in the order of its metrics map; we print the gauges we have, in that same order, and none of the
// hundreds of counters and summaries that follow them in 3.8 (rxzk does not measure those).
import { NOT_SERVING_TEXT } from './formatStat.js';
import { javaDoubleText } from './javaText.js';
import type { FourLetterWordState, MonitorValue } from './snapshot.js';

/** 3.8.0's gauge order (captured from leader, follower, observer and standalone servers; see test/fixtures/4lw). */
export const mntrGaugeOrder = [
  'peer_state', 'observer_master_id', 'ephemerals_count', 'num_alive_connections', 'avg_latency',
  'min_proposal_size', 'outstanding_requests', 'znode_count', 'global_sessions', 'non_mtls_remote_conn_count',
  'last_client_response_size', 'packets_sent', 'packets_received', 'max_proposal_size',
  'max_client_response_size', 'synced_followers', 'connection_drop_probability', 'watch_count',
  'synced_non_voting_followers', 'synced_observers', 'auth_failed_count', 'min_latency',
  'max_file_descriptor_count', 'approximate_data_size', 'open_file_descriptor_count', 'last_proposal_size',
  'pending_syncs', 'leader_uptime', 'local_sessions', 'uptime', 'max_latency', 'outstanding_tls_handshake',
  'learners', 'min_client_response_size', 'non_mtls_local_conn_count', 'quorum_size',
] as const;

function valueText(value: MonitorValue): string {
  if (typeof value === 'object') return javaDoubleText(value.double);
  return String(value);
}

export function formatMntr(state: FourLetterWordState): string {
  const stats = state.serving;
  if (stats === undefined) return `${NOT_SERVING_TEXT}\n`;
  const lines = [`zk_version\t${state.version}`, `zk_server_state\t${stats.mode}`];
  for (const key of mntrGaugeOrder) {
    const value = state.monitor[key];
    if (value !== undefined) lines.push(`zk_${key}\t${valueText(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
