package io.hotpath.cli;

import com.typesafe.config.Config;
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
import picocli.CommandLine.Option;

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

    @Override
    public Integer call() throws Exception
    {
        final Engine engine = Engine.start(config());
        final EngineSettings settings = engine.settings();
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "hotpath-shutdown"));
        System.out.printf(
            "hotpath serving gRPC on %s:%d, %d shards, journal %s (%s), wait strategy %s%s%s%n",
            settings.host(), engine.port(), settings.shards(), settings.journalDir().toAbsolutePath(),
            settings.durability().name().toLowerCase(Locale.ROOT),
            settings.waitStrategy().name().toLowerCase(Locale.ROOT),
            engine.adminPort() < 0 ? "" : String.format(", admin on http://%s:%d/", settings.admin().host(), engine.adminPort()),
            !engine.cluster().enabled() ? "" : String.format(", cluster node %s:%d joining through %s", engine.cluster().host(),
                engine.cluster().port(), String.join(", ", engine.cluster().seedNodes())));
        engine.awaitTermination();
        return 0;
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
        return options.load(flags, Map.of());
    }
}
