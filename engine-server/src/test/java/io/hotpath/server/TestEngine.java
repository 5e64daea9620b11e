package io.hotpath.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * A real engine on loopback with its journal in a test directory, and a channel to it.
 */
public final class TestEngine implements AutoCloseable
{
    public final Engine engine;
    public final ManagedChannel channel;

    private TestEngine(final Engine engine)
    {
        this.engine = engine;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", engine.port()).usePlaintext().build();
    }

    public static TestEngine start(final Path journal, final Map<String, Object> overrides, final ShardLogicFactory logic)
    {
        return start(journal, overrides, logic, new OffsetEpochNanoClock());
    }

    /**
     * @param logic the shards' logic; null for the logic the settings name.
     * @param clock stamps ingress times at the fronts.
     */
    public static TestEngine start(final Path journal, final Map<String, Object> overrides, final ShardLogicFactory logic,
        final EpochNanoClock clock)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put("hotpath.grpc.port", 0);
        settings.put("hotpath.admin.port", -1);
        // Rings preallocate every slot's buffers (6 KiB each): small rings keep the suite's heap small.
        settings.put("hotpath.ring.size", 1024);
        settings.put("hotpath.journal.dir", journal.toString());
        settings.put("hotpath.shutdown-grace", "5s");
        // No ticks or periodic snapshots unless a test asks: one journaled after a test's last command
        // would move the state or the count it compares.
        settings.put("hotpath.tick-interval", "0s");
        settings.put("hotpath.journal.snapshot-interval", "0s");
        settings.putAll(overrides);
        final Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()).resolve();
        return new TestEngine(Engine.start(config, logic != null ? logic : ShardLogicFactory.engine(EngineSettings.from(config)), clock));
    }

    /**
     * @return a port free now, for a setting that must be fixed (a cluster's ports); another process may take it first.
     */
    public static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /**
     * @return an engine whose logic has the limits its settings name (64 tenants a shard unless overridden, to keep the
     *         suite's heap small), as {@code engine serve} builds it.
     */
    public static TestEngine start(final Path journal, final Map<String, Object> overrides)
    {
        final Map<String, Object> small = new HashMap<>(Map.of("hotpath.max-tenants-per-shard", 64));
        small.putAll(overrides);
        return start(journal, small, null);
    }

    @Override
    public void close()
    {
        try
        {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        engine.close();
    }
}
