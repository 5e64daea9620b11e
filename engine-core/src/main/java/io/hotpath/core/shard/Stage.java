package io.hotpath.core.shard;

/**
 * The stages of a shard's pipeline, for latency and error accounting.
 *
 * <pre>
 *   publish --> [ journal ] --+
 *           \                 +--> [ egress ] --> listener
 *            -> [ decision ] -+
 * </pre>
 */
public enum Stage
{
    /** From publish to the command being appended to the journal. */
    JOURNAL,
    /** From publish to the result being written by the decision logic. */
    DECISION,
    /** From publish to the result being handed to its listener: end to end inside the engine. */
    EGRESS
}
