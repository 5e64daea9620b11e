package io.hotpath.core.shard;

import org.agrona.BitUtil;

/**
 * Settings of one shard. Immutable.
 *
 * @param shardId          the shard's number, from 0.
 * @param ringSize         slots in the ring, a power of two: the bound on commands in flight.
 * @param maxCommandLength largest command accepted, in bytes; larger ones are refused at ingress.
 * @param maxResultLength  largest result the logic may write, in bytes.
 * @param waitStrategy     how the handler threads wait.
 * @param threading        a thread per stage, or one for all; a shard that leads followers runs a thread per stage.
 */
public record ShardContext(
    int shardId, int ringSize, int maxCommandLength, int maxResultLength, WaitStrategyKind waitStrategy, ShardThreading threading)
{
    public static final int DEFAULT_RING_SIZE = 8192;
    public static final int DEFAULT_MAX_COMMAND_LENGTH = 2048;
    public static final int DEFAULT_MAX_RESULT_LENGTH = 4096;

    public ShardContext
    {
        if (shardId < 0)
        {
            throw new IllegalArgumentException("shardId must be >= 0: " + shardId);
        }
        if (ringSize < 2 || !BitUtil.isPowerOfTwo(ringSize))
        {
            throw new IllegalArgumentException("ringSize must be a power of two >= 2: " + ringSize);
        }
        if (maxCommandLength < 64 || maxResultLength < 64)
        {
            throw new IllegalArgumentException("maxCommandLength and maxResultLength must be >= 64");
        }
        if (waitStrategy == null || threading == null)
        {
            throw new IllegalArgumentException("waitStrategy and threading are required");
        }
    }

    /**
     * @return the defaults for shard {@code shardId}: threading and wait strategy as {@link ShardThreading#forHost} and
     *         {@link WaitStrategyKind#forHost} pick for this host.
     */
    public static ShardContext defaults(final int shardId)
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        return new ShardContext(shardId, DEFAULT_RING_SIZE, DEFAULT_MAX_COMMAND_LENGTH, DEFAULT_MAX_RESULT_LENGTH,
            WaitStrategyKind.forHost(cores), ShardThreading.forHost(cores));
    }

    public ShardContext withRingSize(final int size)
    {
        return new ShardContext(shardId, size, maxCommandLength, maxResultLength, waitStrategy, threading);
    }

    public ShardContext withWaitStrategy(final WaitStrategyKind kind)
    {
        return new ShardContext(shardId, ringSize, maxCommandLength, maxResultLength, kind, threading);
    }

    public ShardContext withThreading(final ShardThreading mode)
    {
        return new ShardContext(shardId, ringSize, maxCommandLength, maxResultLength, waitStrategy, mode);
    }
}
