package io.hotpath.bench;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import io.hotpath.server.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tracing costs a call: a gRPC Ping round trip over loopback through a whole engine (one
 * shard, journal on), every call carrying a W3C {@code traceparent}, with the engine's tracing
 * off, on with the parent unsampled, and on with the parent sampled (spans exported over OTLP/HTTP
 * to a collector in this JVM that takes and drops them).
 *
 * <pre>
 *   OFF        hotpath.tracing.enabled = false            the header is sent and ignored
 *   UNSAMPLED  enabled, traceparent flags 00              the header is parsed; no span is kept
 *   SAMPLED    enabled, traceparent flags 01              a span with the stages, exported in batches
 * </pre>
 *
 * OFF against UNSAMPLED is the claim that unsampled calls cost nothing measurable; SAMPLED shows
 * what a sampled call costs, which the sampling ratio spreads over all calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TracingBenchmark
{
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_ID = "00f067aa0ba902b7";
    private static final PingRequest PING = PingRequest.newBuilder().setTenantId(7).setCorrelationId(1).build();

    @Param({"OFF", "UNSAMPLED", "SAMPLED"})
    public String tracing;

    private HttpServer collector;
    private Path journal;
    private Engine engine;
    private ManagedChannel channel;
    private EngineGrpc.EngineBlockingStub stub;

    @Setup(Level.Trial)
    public void start() throws IOException
    {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange ->
        {
            try (InputStream in = exchange.getRequestBody())
            {
                in.readAllBytes();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        journal = TempDirs.create("hotpath-tracing-bench");
        final Map<String, Object> settings = new HashMap<>();
        settings.put("hotpath.grpc.port", 0);
        settings.put("hotpath.admin.port", -1);
        settings.put("hotpath.shards", 1);
        settings.put("hotpath.journal.dir", journal.toString());
        settings.put("hotpath.journal.snapshot-interval", "0s");
        settings.put("hotpath.tick-interval", "0s");
        settings.put("hotpath.tracing.enabled", !"OFF".equals(tracing));
        settings.put("hotpath.tracing.sampling-ratio", 0.0);
        settings.put("hotpath.tracing.otlp-endpoint", "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
        engine = Engine.start(ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()).resolve());
        final Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
            "00-" + TRACE_ID + "-" + PARENT_ID + ("SAMPLED".equals(tracing) ? "-01" : "-00"));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", engine.port()).usePlaintext().build();
        stub = EngineGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Benchmark
    public PingReply ping()
    {
        return stub.ping(PING);
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        channel.shutdownNow();
        try
        {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        engine.close();
        collector.stop(0);
        try
        {
            TempDirs.delete(journal);
        }
        catch (final UncheckedIOException ex)
        {
            // A scratch directory left behind is harmless.
        }
    }
}
