package io.hotpath.gateway.grpc;

import com.google.common.base.Throwables;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.hotpath.core.control.EngineGuardian;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.gateway.EventLoops;
import io.hotpath.gateway.GrpcLimits;
import io.hotpath.gateway.admin.EngineMetrics;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.CallGuard;
import io.hotpath.gateway.auth.TenantQuotas;
import io.hotpath.gateway.stream.PriceStreamHub;
import io.hotpath.gateway.trace.CallTracing;
import io.hotpath.pricing.PricingLimits;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.EpochNanoClock;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC front: every service of the contract, the interceptor that guards them, health and
 * reflection, on one grpc-java server over Netty.
 *
 * <pre>
 *   call ─► FrontInterceptor: time, count, trace; authenticate; idempotency key; tenant, quotas, deadline ─► service
 *                                                                              (direct executor: on the event loop)
 * </pre>
 *
 * Services run on the event loop that read the call (a direct executor): an adapter stamps the
 * command and tries to publish it into its shard's ring, which never blocks. The reply is written
 * on the shard's egress thread when it releases the result, and a unary reply is then handed back
 * to the event loop that read its call, which sends the replies handed to it in batches
 * ({@link LoopReplies}). The front is started last and stopped first by the
 * engine, so no call reaches a shard that is not running.
 */
public final class GrpcFront
{
    private static final Logger LOG = LoggerFactory.getLogger(GrpcFront.class);

    /**
     * What the services reach: the shards, the clock that stamps ingress times, the metrics they
     * count into, the price streams, the control plane and the fronts' security.
     *
     * @param maxCommandBytes largest command a ring slot holds, which bounds a Ping's payload.
     * @param snapshots       tells {@code TakeSnapshot} when a snapshot is on disk.
     * @param tracing         continues sampled callers' traces into the engine; {@link CallTracing#OFF} for none.
     */
    public record Context(
        ShardDirectory directory,
        EpochNanoClock clock,
        EngineMetrics metrics,
        PriceStreamHub priceStreams,
        PricingLimits pricingLimits,
        int maxCommandBytes,
        Authenticator authenticator,
        TenantQuotas quotas,
        ActorSystem<EngineGuardian.Command> controlPlane,
        ControlService.SnapshotsWritten snapshots,
        CallTracing tracing)
    {
    }

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final EventLoopGroup acceptor;
    private final EventLoopGroup loops;

    private GrpcFront(final NettyServerBuilder builder, final Context context)
    {
        // The front's own event loops (grpc-java's shared default group would hide them), so that each loop is known and
        // unary replies can be handed to the loop that read their call. As many as grpc-java's default: two per core.
        acceptor = EventLoops.group(1, "hotpath-grpc-accept");
        loops = EventLoops.group(0, "hotpath-grpc");
        final LoopReplies replies = new LoopReplies(loops);
        final CallGuard guard = new CallGuard(context.quotas());
        final RoutingService routing = new RoutingService(context.directory(), context.clock(), context.metrics());
        final PaymentsService payments = new PaymentsService(context.directory(), context.clock(), context.metrics());
        final PricingService pricing =
            new PricingService(context.directory(), context.clock(), context.priceStreams(), context.pricingLimits());
        final UnparsedRequests unparsed = new UnparsedRequests(context.metrics());
        server = builder
            .bossEventLoopGroup(acceptor)
            .workerEventLoopGroup(loops)
            .channelType(EventLoops.serverChannel())
            .directExecutor()
            .intercept(new FrontInterceptor(context.metrics(), context.tracing(), context.authenticator(), guard, replies))
            .addService(unparsed.guard(new EngineService(context.directory(), context.clock(), context.maxCommandBytes()).bindService()))
            .addService(unparsed.guard(routing.bindWithWireReplies()))
            .addService(unparsed.guard(payments.bindWithWireReplies()))
            .addService(unparsed.guard(pricing.bindService()))
            .addService(unparsed.guard(new ExchangeService(payments, routing, pricing, guard).bindService()))
            .addService(unparsed.guard(new ControlService(context.controlPlane(), context.directory(), context.snapshots()).bindService()))
            .addService(ProtoReflectionServiceV1.newInstance())
            .addService(reflectionV1alpha())
            .addService(health.getHealthService())
            .build();
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    }

    /**
     * @return server reflection as {@code grpc.reflection.v1alpha}, which many grpcurl builds, Postman,
     *         Kreya and IDE plug-ins still ask for alone; grpc-java deprecates it in favour of v1,
     *         served beside it.
     */
    @SuppressWarnings("deprecation")
    private static BindableService reflectionV1alpha()
    {
        return ProtoReflectionService.newInstance();
    }

    /**
     * Binds and starts the front; the health service answers NOT_SERVING until {@link #serving()}.
     *
     * @param tls the server's TLS context, or null for plaintext.
     * @throws UncheckedIOException naming the address when it cannot be bound.
     */
    public static GrpcFront start(
        final String host, final int port, final GrpcLimits limits, final SslContext tls, final Context context)
    {
        final NettyServerBuilder builder = limits.applyTo(NettyServerBuilder.forAddress(new InetSocketAddress(host, port)));
        if (tls != null)
        {
            builder.sslContext(tls);
        }
        final GrpcFront front = new GrpcFront(builder, context);
        try
        {
            front.server.start();
        }
        catch (final IOException ex)
        {
            front.server.shutdownNow();
            front.releaseLoops();
            // grpc's own message is "Failed to bind to address ..."; why (the address in use) is its root cause's.
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + Throwables.getRootCause(ex).getMessage(), ex);
        }
        return front;
    }

    /**
     * Lets the health service answer SERVING: the engine calls it once every front is up.
     */
    public void serving()
    {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    }

    /**
     * @return the port the front listens on.
     */
    public int port()
    {
        return server.getPort();
    }

    /**
     * Stops taking calls: health answers NOT_SERVING for good, new calls are refused, calls in
     * flight go on until {@link #awaitCalls}.
     */
    public void stopTakingCalls()
    {
        health.enterTerminalState();
        server.shutdown();
    }

    /**
     * Waits for the calls in flight to finish, and cancels those still running after {@code grace}.
     *
     * @return true if every call finished within {@code grace}; false if some were cancelled.
     */
    public boolean awaitCalls(final Duration grace)
    {
        try
        {
            if (server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS))
            {
                return true;
            }
            LOG.warn("calls still in flight after {}; cancelling them", grace);
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        finally
        {
            releaseLoops();
        }
        return false;
    }

    /**
     * Cancels every call at once: a start that failed after the front was up.
     */
    public void stopNow()
    {
        server.shutdownNow();
        try
        {
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        releaseLoops();
    }

    /**
     * Stops the event loops once the server no longer uses them; a reply a shard releases after that is to a call that
     * has ended, and is discarded.
     */
    private void releaseLoops()
    {
        acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    }

    /**
     * Blocks until the front has stopped.
     */
    public void awaitTermination() throws InterruptedException
    {
        server.awaitTermination();
    }
}
