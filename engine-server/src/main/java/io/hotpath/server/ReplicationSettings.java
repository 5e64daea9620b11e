package io.hotpath.server;

import com.typesafe.config.Config;
import io.hotpath.replication.ReplicationPolicy;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code hotpath.replication}: how a cluster keeps copies of each shard on nodes other than its leader's.
 *
 * @param factor     copies of each shard, the leader's included: 3 by default, so a 3-node cluster survives the loss of
 *                   any one node and still acknowledges with the two left.
 * @param policy     what an acknowledgement waits for, and what happens when too few followers answer.
 * @param host       where this node's replication port binds.
 * @param port       the replication port; 0 picks a free one (it is announced to the other nodes once bound).
 * @param advertisedHost where the other nodes reach it; empty for {@code host}.
 * @param advertisedPort the port the other nodes reach it at (a proxy's, a NAT's); 0 for the port bound.
 */
public record ReplicationSettings(int factor, ReplicationPolicy policy, String host, int port, String advertisedHost,
    int advertisedPort)
{
    public ReplicationSettings
    {
        if (factor < 1)
        {
            throw new IllegalArgumentException("hotpath.replication.factor must be >= 1: " + factor);
        }
        if (policy.minAcks() > factor - 1)
        {
            throw new IllegalArgumentException("hotpath.replication.min-acks must be at most factor - 1 (" + (factor - 1)
                + " followers): " + policy.minAcks());
        }
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("hotpath.replication.port must be in [0, 65535]: " + port);
        }
    }

    static ReplicationSettings from(final Config root)
    {
        final Config replication = root.getConfig("hotpath.replication");
        final int factor = replication.getInt("factor");
        final String minAcks = replication.getString("min-acks");
        final int acks;
        if ("quorum".equals(minAcks))
        {
            acks = ReplicationPolicy.quorumAcks(factor);
        }
        else
        {
            try
            {
                acks = Integer.parseInt(minAcks);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("hotpath.replication.min-acks must be quorum or a number of followers: " + minAcks,
                    ex);
            }
        }
        final String onTooFew = replication.getString("on-too-few");
        final ReplicationPolicy.OnTooFew policy;
        try
        {
            policy = ReplicationPolicy.OnTooFew.valueOf(onTooFew.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("hotpath.replication.on-too-few must be refuse or degrade: " + onTooFew, ex);
        }
        final Duration ackTimeout = replication.getDuration("ack-timeout");
        if (ackTimeout.isZero() || ackTimeout.isNegative())
        {
            throw new IllegalArgumentException("hotpath.replication.ack-timeout must be positive: " + ackTimeout);
        }
        return new ReplicationSettings(factor, new ReplicationPolicy(acks, policy, ackTimeout), replication.getString("host"),
            replication.getInt("port"), replication.getString("advertised-host"), replication.getInt("advertised-port"));
    }
}
