package io.hotpath.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.hotpath.server.Engine;
import io.hotpath.server.EngineOptions;
import io.hotpath.server.EngineSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the engine until the process is told to stop; then drains it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the engine: gRPC front, shards and journal.")
final class ServeCommand implements Callable<Integer>
{
    @Mixin
    EngineOptions options;

    @Option(names = "--cluster-port", paramLabel = "N",
        description = "Be a node of a Pekko cluster, Artery TCP on this port (hotpath.cluster; see docs/cluster.md).")
    Integer clusterPort;

    @Option(names = "--seed", paramLabel = "HOST:PORT", split = ",",
        description = "The cluster's seed nodes, comma-separated; the first node names itself (hotpath.cluster.seed-nodes).")
    List<String> seeds;

    @Option(names = "--min-nodes", paramLabel = "N",
        description = "Members up before the shards are first placed (hotpath.cluster.min-nodes, default 1).")
    Integer minNodes;

    @Option(names = "--replication-port", paramLabel = "N",
        description = "The port the leaders of this node's followed shards connect to (hotpath.replication.port; 0, the default: any).")
    Integer replicationPort;

    @Option(names = "--replication-factor", paramLabel = "N",
        description = "Copies of each shard, its leader's included (hotpath.replication.factor, default 3).")
    Integer replicationFactor;

    @Spec
    CommandSpec spec;

    /**
     * @return what {@link ExitCodes} says: 78 when the configuration refuses the start, 1 when the start fails
     *         otherwise; once running, the process ends in the shutdown hook with 0 or 3.
     */
    @Override
    public Integer call() throws Exception
    {
        final Engine engine;
        try
        {
            engine = Engine.start(config());
        }
        catch (final IllegalArgumentException | ConfigException refused)
        {
            spec.commandLine().getErr().println("engine serve: " + refused.getMessage());
            return ExitCodes.CONFIG_REFUSED;
        }
        catch (final RuntimeException failed)
        {
            spec.commandLine().getErr().println("engine serve: could not start: " + failed.getMessage());
            return ExitCodes.CRASHED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(engine), "hotpath-shutdown"));
        // Removed from its cluster: the engine closes (its fronts stop, so awaitTermination returns) and the process ends
        // with 75 through the shutdown hook, for its supervisor to start it again.
        engine.removedFromCluster().thenRunAsync(engine::close);
        final EngineSettings settings = engine.settings();
        System.out.printf(
            "hotpath serving gRPC on %s:%d, %d shards, journal %s (%s), wait strategy %s%s%s%n",
            settings.host(), engine.port(), settings.shards(), settings.journalDir().toAbsolutePath(),
            settings.durability().name().toLowerCase(Locale.ROOT),
            settings.waitStrategy().name().toLowerCase(Locale.ROOT),
            engine.adminPort() < 0 ? "" : String.format(", admin on http://%s:%d/", settings.admin().host(), engine.adminPort()),
            !engine.cluster().enabled() ? "" : String.format(", cluster node %s:%d joining through %s", engine.cluster().host(),
                engine.cluster().port(), String.join(", ", engine.cluster().seedNodes())));
        engine.awaitTermination();
        return engine.removedFromCluster().isDone() ? ExitCodes.REMOVED : ExitCodes.STOPPED;
    }

    /**
     * Runs on SIGTERM or SIGINT (or on the exit that follows the cluster removing this node): drains the
     * engine, then ends the process with 0 if it drained completely, 3 if not, 75 if it was removed.
     * Without the halt the JVM would end with 128 + the signal's number (143 for SIGTERM), which
     * supervisors count as a failure. The engine's close has already ended
     * everything the other shutdown hooks would (the actor system, the journals).
     */
    private static void stop(final Engine engine)
    {
        engine.close();
        final boolean removed = engine.removedFromCluster().isDone();
        final int status = removed ? ExitCodes.REMOVED : engine.drained() ? ExitCodes.STOPPED : ExitCodes.NOT_DRAINED;
        final String how = removed ? "after the cluster removed this node; start it again to rejoin"
            : status == ExitCodes.STOPPED ? "cleanly" : "without draining completely (see the log)";
        System.out.println("hotpath stopped " + how + "; exit status " + status);
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /**
     * @return the engine's config: the shared options, and this command's cluster flags.
     */
    Config config()
    {
        final Map<String, Object> flags = new HashMap<>();
        if (clusterPort != null)
        {
            flags.put("hotpath.cluster.enabled", true);
            flags.put("hotpath.cluster.port", clusterPort);
        }
        if (seeds != null)
        {
            flags.put("hotpath.cluster.seed-nodes", seeds);
        }
        if (minNodes != null)
        {
            flags.put("hotpath.cluster.min-nodes", minNodes);
        }
        if (replicationPort != null)
        {
            flags.put("hotpath.replication.port", replicationPort);
        }
        if (replicationFactor != null)
        {
            flags.put("hotpath.replication.factor", replicationFactor);
        }
        return options.load(flags, Map.of());
    }
}
