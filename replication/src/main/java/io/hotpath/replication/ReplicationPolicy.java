package io.hotpath.replication;

import java.time.Duration;

/**
 * What an acknowledgement means in a replicated shard, and what its leader does when too few followers answer.
 *
 * @param minAcks    followers that must hold a command (journaled, msynced in {@code sync} mode) before its result
 *                   leaves; with the leader's own copy that makes {@code minAcks + 1} copies.
 * @param onTooFew   {@link OnTooFew#REFUSE}: refuse new commands with {@code UNAVAILABLE}, and answer a command already
 *                   taken whose acknowledgements do not come in time with {@code UNAVAILABLE} (its outcome unknown to the
 *                   caller); {@link OnTooFew#DEGRADE}: answer on the leader's copy alone, counted and logged.
 * @param ackTimeout how long a result waits for its acknowledgements.
 */
public record ReplicationPolicy(int minAcks, OnTooFew onTooFew, Duration ackTimeout)
{
    /**
     * The two policies.
     */
    public enum OnTooFew
    {
        REFUSE,
        DEGRADE
    }

    public ReplicationPolicy
    {
        if (minAcks < 0)
        {
            throw new IllegalArgumentException("minAcks must be >= 0: " + minAcks);
        }
        if (ackTimeout.isNegative() || ackTimeout.isZero())
        {
            throw new IllegalArgumentException("ackTimeout must be positive: " + ackTimeout);
        }
    }

    /**
     * @return followers whose acknowledgement makes a majority of {@code factor} copies, the leader's included.
     */
    public static int quorumAcks(final int factor)
    {
        return factor / 2;
    }
}
