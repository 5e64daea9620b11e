package io.hotpath.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hotpath.core.control.EngineGuardian;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code hotpath.cluster}: whether this engine is one node of a Pekko cluster, and how it joins. The
 * engine's settings become Pekko's: Artery TCP on {@code host:port}, the seed nodes, the split-brain
 * resolver (keep-majority) and its timing, a role {@code grpc=host:port} that tells the other nodes where this node's
 * gRPC front is, so they can send a tenant's calls to the node that leads its shard, and a role {@code repl=host:port}
 * where a shard's leader connects when this node follows the shard.
 *
 * @param enabled        whether to join a cluster; off, the engine runs every shard itself.
 * @param host           the address Artery binds and other nodes reach this one at.
 * @param port           Artery's TCP port.
 * @param seedNodes      {@code host:port} of the nodes to join through; this node's own address starts a new cluster.
 * @param advertisedHost the host other nodes' clients reach this node's gRPC front at; empty for {@code host}.
 * @param grpcPort       this node's gRPC port, fixed (not 0) in a cluster, since it is announced before it is bound.
 * @param stableAfter    how long membership must be still before the split-brain resolver downs unreachable nodes.
 * @param heartbeatPause how long a node may go unheard before it counts as unreachable.
 * @param replication    how each shard is copied to other nodes.
 * @param minNodes       members up before the shards are first placed, so that they spread over them from the start
 *                       instead of all starting on the first node and moving later. Not Pekko's min-nr-of-members: that
 *                       would also stop shards from being placed again when a node dies and fewer remain.
 */
public record ClusterSettings(boolean enabled, String host, int port, List<String> seedNodes, String advertisedHost, int grpcPort,
    Duration stableAfter, Duration heartbeatPause, ReplicationSettings replication, int minNodes)
{
    /** The actor system's name: every node's must be the same. */
    public static final String SYSTEM = "hotpath";

    public ClusterSettings
    {
        seedNodes = List.copyOf(seedNodes);
        if (enabled && (port < 1 || port > 65535))
        {
            throw new IllegalArgumentException("hotpath.cluster.port must be in [1, 65535]: " + port);
        }
        if (enabled && grpcPort == 0)
        {
            throw new IllegalArgumentException("hotpath.grpc.port must be fixed (not 0) in a cluster: the other nodes learn it at join");
        }
        if (minNodes < 1)
        {
            throw new IllegalArgumentException("hotpath.cluster.min-nodes must be >= 1: " + minNodes);
        }
        if (enabled && seedNodes.isEmpty())
        {
            throw new IllegalArgumentException("hotpath.cluster.seed-nodes must name at least one node (host:port); "
                + "the first node names itself");
        }
        for (final String seed : seedNodes)
        {
            if (!seed.matches("[^:/@]+:\\d{1,5}"))
            {
                throw new IllegalArgumentException("hotpath.cluster.seed-nodes: expected host:port, was \"" + seed + "\"");
            }
        }
    }

    public static ClusterSettings from(final Config root)
    {
        final Config cluster = root.getConfig("hotpath.cluster");
        return new ClusterSettings(cluster.getBoolean("enabled"), cluster.getString("host"), cluster.getInt("port"),
            cluster.getStringList("seed-nodes"), cluster.getString("advertised-host"), root.getInt("hotpath.grpc.port"),
            cluster.getDuration("split-brain.stable-after"), cluster.getDuration("failure-detector.acceptable-heartbeat-pause"),
            ReplicationSettings.from(root), cluster.getInt("min-nodes"));
    }

    /**
     * @return {@code host:port} of this node's gRPC front, as other nodes name it to clients.
     */
    public String grpcAddress()
    {
        return (advertisedHost.isEmpty() ? host : advertisedHost) + ":" + grpcPort;
    }

    /**
     * @param replicationAddress {@code host:port} where this node's replication port was bound, as the others reach it.
     * @return the Pekko settings that make this actor system a cluster node, above {@code config}.
     */
    public Config applyTo(final Config config, final String replicationAddress)
    {
        if (!enabled)
        {
            return config;
        }
        final List<String> seeds = new ArrayList<>();
        for (final String seed : seedNodes)
        {
            seeds.add("pekko://" + SYSTEM + "@" + seed);
        }
        return ConfigFactory.parseMap(Map.ofEntries(
                Map.entry("pekko.actor.provider", "cluster"),
                Map.entry("pekko.remote.artery.transport", "tcp"),
                Map.entry("pekko.remote.artery.canonical.hostname", host),
                Map.entry("pekko.remote.artery.canonical.port", port),
                Map.entry("pekko.cluster.seed-nodes", seeds),
                Map.entry("pekko.cluster.roles",
                    List.of(EngineGuardian.FRONT_ROLE + grpcAddress(), EngineGuardian.REPLICATION_ROLE + replicationAddress)),
                Map.entry("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"),
                Map.entry("pekko.cluster.split-brain-resolver.active-strategy", "keep-majority"),
                Map.entry("pekko.cluster.split-brain-resolver.stable-after", stableAfter.toMillis() + "ms"),
                Map.entry("pekko.cluster.failure-detector.acceptable-heartbeat-pause", heartbeatPause.toMillis() + "ms")),
                "hotpath.cluster")
            .withFallback(config);
    }
}
