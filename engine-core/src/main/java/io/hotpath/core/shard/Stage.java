package io.hotpath.core.shard;

/**
 * The stages of a shard's pipeline, for latency and error accounting.
 *
 * <pre>
 *   publish --> [ journal ] ---------------------+
 *           \                                    +--> [ egress ] --> listener
 *            -> [ decision ] --> ( replication ) -+
 *
 *   replication: only in a replicated shard (a cluster node leading the shard)
 * </pre>
 */
public enum Stage
{
    /** From publish to the command being appended to the journal. */
    JOURNAL,
    /** From publish to the result being written by the decision logic. */
    DECISION,
    /** From publish to the command being held by enough followers: recorded by a replicated shard's leader only. */
    REPLICATION,
    /** From publish to the result being handed to its listener: end to end inside the engine. */
    EGRESS
}
