package io.hotpath.core.control;

import io.hotpath.core.shard.Shard;

/**
 * Builds a shard, not yet started, with its journal and logic. Called by the shard's controller on
 * the control plane's blocking dispatcher, since opening a journal touches the disk.
 */
@FunctionalInterface
public interface ShardFactory
{
    Shard create(int shardId);
}
