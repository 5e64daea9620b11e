package io.hotpath.core.control;

/**
 * Maps a tenant to the shard that owns its state. Deterministic: the same tenant maps to the same
 * shard on every node and every run, so a tenant's commands always meet the same state.
 */
@FunctionalInterface
public interface ShardPlacement
{
    /**
     * @return the shard number, in {@code [0, shardCount)}.
     */
    int shardOf(long tenantId);
}
