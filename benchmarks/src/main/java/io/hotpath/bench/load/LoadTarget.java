package io.hotpath.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.hotpath.bench.TempDirs;
import io.hotpath.gateway.binary.client.HotpathClient;
import io.hotpath.gateway.grpc.FrontInterceptor;
import io.hotpath.server.Engine;
import io.hotpath.server.EngineOptions;
import io.hotpath.workload.ExampleTenants;
import io.hotpath.workload.PricingTraffic;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine under load: one started in this process on embedded defaults (its journal in a
 * temporary directory, removed afterwards), or one already running elsewhere. Hands out gRPC
 * channels and binary-front connections to it, and closes them.
 */
final class LoadTarget implements AutoCloseable
{
    /** Commands in flight per binary connection, for the embedded engine and the bare Netty anchor alike. */
    static final int BINARY_MAX_IN_FLIGHT = 4096;

    private final Engine engine;
    private final Path journal;
    private final String host;
    private final int grpcPort;
    private final int binaryPort;
    private final String apiKey;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<HotpathClient> clients = new ArrayList<>();

    private LoadTarget(final Engine engine, final Path journal, final String host, final int grpcPort, final int binaryPort,
        final String apiKey)
    {
        this.engine = engine;
        this.journal = journal;
        this.host = host;
        this.grpcPort = grpcPort;
        this.binaryPort = binaryPort;
        this.apiKey = apiKey;
    }

    /**
     * Starts an engine here. Limits meant to protect a shared engine from one client (in-flight calls
     * per tenant and per connection, concurrent streams) are lifted: the load generator measures the
     * engine, not its admission.
     *
     * @param flags engine settings from the command line ({@code hotpath.shards}, ...), which win over {@code file}.
     */
    static LoadTarget embedded(final Map<String, Object> flags, final File file)
    {
        final Path journal = TempDirs.create("hotpath-loadgen-");
        final Map<String, Object> defaults = new HashMap<>();
        defaults.put("hotpath.grpc.port", 0);
        defaults.put("hotpath.grpc.max-concurrent-calls-per-connection", 1 << 20);
        defaults.put("hotpath.binary.port", 0);
        // Each connection gets a reply ring of in-flight x max result bytes: 4096 of them is 16 MiB, and ample.
        defaults.put("hotpath.binary.max-in-flight-per-connection", BINARY_MAX_IN_FLIGHT);
        defaults.put("hotpath.admin.port", 0);
        defaults.put("hotpath.quotas.in-flight", 0);
        final Map<String, Object> settings = new HashMap<>(flags);
        settings.put("hotpath.journal.dir", journal.toString());
        final Engine engine = Engine.start(EngineOptions.layered(settings, file, defaults));
        return new LoadTarget(engine, journal, engine.settings().host(), engine.port(), engine.binaryPort(), null);
    }

    static LoadTarget connect(final String host, final int grpcPort, final int binaryPort, final String apiKey)
    {
        return new LoadTarget(null, null, host, grpcPort, binaryPort, apiKey);
    }

    Engine engine()
    {
        return engine;
    }

    String describe()
    {
        return engine == null
            ? String.format("the engine at %s (gRPC %d, binary %s)", host, grpcPort, binaryPort > 0 ? binaryPort : "not given")
            : String.format("an engine in this process: %d shards, %s durability, %s wait strategy, journal in %s (removed "
                + "afterwards), admin on http://%s:%d/latency", engine.settings().shards(), engine.settings().durability(),
                engine.settings().shardContext(0).waitStrategy(), journal, engine.settings().admin().host(), engine.adminPort());
    }

    List<ManagedChannel> channels(final int count)
    {
        final List<ManagedChannel> made = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, grpcPort).usePlaintext().directExecutor()
                .disableRetry().flowControlWindow(4 << 20);
            if (apiKey != null)
            {
                builder.intercept(MetadataUtils.newAttachHeadersInterceptor(apiKeyHeaders(apiKey)));
            }
            made.add(builder.build());
        }
        channels.addAll(made);
        return made;
    }

    List<HotpathClient> binaryClients(final int count) throws Exception
    {
        if (binaryPort <= 0)
        {
            throw new IllegalArgumentException("--protocol binary needs the engine's binary front: give --binary-port");
        }
        final List<HotpathClient> made = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            HotpathClient.Options options = HotpathClient.Options.of(host, binaryPort);
            if (apiKey != null)
            {
                options = options.apiKey(apiKey);
            }
            made.add(HotpathClient.connect(options));
        }
        clients.addAll(made);
        return made;
    }

    /**
     * Gives tenants 1 to {@code tenants} the example routing, fraud and pricing configs and FX rates.
     */
    void setUp(final int tenants, final PricingTraffic pricing)
    {
        final ManagedChannel control = channels(1).get(0);
        ExampleTenants.applyConfigs(control, tenants);
        ExampleTenants.applyPriceBooks(control, tenants, pricing);
    }

    @Override
    public void close()
    {
        clients.forEach(HotpathClient::close);
        for (final ManagedChannel channel : channels)
        {
            channel.shutdownNow();
        }
        for (final ManagedChannel channel : channels)
        {
            try
            {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (engine != null)
        {
            engine.close();
            try
            {
                TempDirs.delete(journal);
            }
            catch (final UncheckedIOException ex)
            {
                // A temporary directory left behind is the operating system's to clean.
            }
        }
    }

    private static Metadata apiKeyHeaders(final String key)
    {
        final Metadata headers = new Metadata();
        headers.put(FrontInterceptor.API_KEY, key);
        return headers;
    }
}
