package io.hotpath.replication;

/**
 * What a node holds of a shard, as an election compares it: the epoch of its last journaled command first, then its
 * engine sequence (Raft's up-to-date rule).
 *
 * @param lastEpoch    the epoch whose leader wrote the last command; 0 for none.
 * @param lastSequence the engine sequence of the last command journaled.
 */
public record Holding(long lastEpoch, long lastSequence)
{
}
