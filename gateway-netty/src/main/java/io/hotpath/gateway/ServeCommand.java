package io.hotpath.gateway;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Runs the engine until the process is told to stop; then drains it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the engine: gRPC front, shards and journal.")
final class ServeCommand implements Callable<Integer>
{
    @Mixin
    EngineOptions options;

    @Override
    public Integer call() throws Exception
    {
        final Engine engine = Engine.start(options.load(Map.of()));
        final EngineSettings settings = engine.settings();
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "hotpath-shutdown"));
        System.out.printf(
            "hotpath serving gRPC on %s:%d, %d shards, journal %s (%s), wait strategy %s%s%n",
            settings.host(), engine.port(), settings.shards(), settings.journalDir().toAbsolutePath(),
            settings.durability().name().toLowerCase(Locale.ROOT),
            settings.waitStrategy().name().toLowerCase(Locale.ROOT),
            engine.adminPort() < 0 ? "" : String.format(", admin on http://%s:%d/", settings.admin().host(), engine.adminPort()));
        engine.awaitTermination();
        return 0;
    }
}
