package io.hotpath.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.ForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.EventLoops;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.CallGuard;
import io.hotpath.gateway.trace.CallTracing;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real grpc-java server on loopback with the front's own event loops: a unary reply written on another thread (as a
 * shard's egress thread writes it) reaches the transport on the call's event loop, whole and in order, and is still
 * timed and counted; a reply written on the loop passes straight through.
 */
@Timeout(60)
class UnaryRepliesOnTheLoopTest
{
    private static final String LOOP_NAME = "unary-replies-test";

    private final List<String> transportCalls = new CopyOnWriteArrayList<>();
    private final CountingMetrics metrics = new CountingMetrics(false);
    private final ExecutorService egress = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "egress-like"));
    private EventLoopGroup acceptor;
    private EventLoopGroup loops;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception
    {
        acceptor = EventLoops.group(1, LOOP_NAME + "-accept");
        loops = EventLoops.group(2, LOOP_NAME);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .bossEventLoopGroup(acceptor)
            .workerEventLoopGroup(loops)
            .channelType(EventLoops.serverChannel())
            .directExecutor()
            .addService(new PingService())
            .intercept(new FrontInterceptor(metrics, CallTracing.OFF, Authenticator.OFF,
                CallGuard.withoutQuotas(), new LoopReplies(loops)))
            // Added last, so outermost: it sees the calls the front's interceptor makes to the transport.
            .intercept(new TransportCalls())
            .build()
            .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException
    {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        egress.shutdownNow();
        acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldSendAReplyWrittenOffTheLoopOnTheLoop()
    {
        final PingReply reply = ping(7, 1);

        assertThat(reply.getCorrelationId()).isEqualTo(1);
        assertThat(transportCalls).hasSize(3).allSatisfy(call -> assertThat(call).contains("on " + LOOP_NAME));
        assertThat(transportCalls.get(0)).startsWith("headers");
        assertThat(transportCalls.get(1)).startsWith("message");
        assertThat(transportCalls.get(2)).startsWith("close OK");
        assertThat(metrics.endings()).containsExactly("hotpath.v1.Engine/Ping OK 0");
    }

    @Test
    void shouldSendAFailureWrittenOffTheLoopOnTheLoop()
    {
        final Status status = Status.fromThrowable(catchThrowable(() -> ping(7, -1)));

        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(transportCalls).hasSize(1);
        assertThat(transportCalls.get(0)).startsWith("close FAILED_PRECONDITION on " + LOOP_NAME);
        assertThat(metrics.endings()).containsExactly("hotpath.v1.Engine/Ping FAILED_PRECONDITION 0");
    }

    @Test
    void shouldPassAReplyWrittenOnTheLoopStraightThrough()
    {
        final PingReply reply = ping(0, 2);

        assertThat(reply.getCorrelationId()).isEqualTo(2);
        assertThat(transportCalls).hasSize(3).allSatisfy(call -> assertThat(call).contains("on " + LOOP_NAME));
        assertThat(metrics.endings()).containsExactly("hotpath.v1.Engine/Ping OK 0");
    }

    private PingReply ping(final long tenantId, final long correlationId)
    {
        final PingRequest request = PingRequest.newBuilder().setTenantId(tenantId).setCorrelationId(correlationId).build();
        return EngineGrpc.newBlockingStub(channel).ping(request);
    }

    /**
     * Answers tenant 0 on the loop that read the call, any other tenant from another thread; a negative correlation id
     * with a failure.
     */
    private final class PingService extends EngineGrpc.EngineImplBase
    {
        @Override
        public void ping(final PingRequest request, final StreamObserver<PingReply> observer)
        {
            final Runnable answer = () ->
            {
                if (request.getCorrelationId() < 0)
                {
                    observer.onError(Status.FAILED_PRECONDITION.withDescription("refused").asRuntimeException());
                    return;
                }
                observer.onNext(
                    PingReply.newBuilder().setTenantId(request.getTenantId()).setCorrelationId(request.getCorrelationId()).build());
                observer.onCompleted();
            };
            if (request.getTenantId() == 0)
            {
                answer.run();
                return;
            }
            egress.execute(answer);
        }
    }

    /**
     * Records each call the transport receives, and the thread it came on.
     */
    private final class TransportCalls implements ServerInterceptor
    {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(final ServerCall<Q, R> call, final Metadata headers,
            final ServerCallHandler<Q, R> next)
        {
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call)
            {
                @Override
                public void sendHeaders(final Metadata replyHeaders)
                {
                    transportCalls.add("headers on " + Thread.currentThread().getName());
                    super.sendHeaders(replyHeaders);
                }

                @Override
                public void sendMessage(final R message)
                {
                    transportCalls.add("message on " + Thread.currentThread().getName());
                    super.sendMessage(message);
                }

                @Override
                public void close(final Status status, final Metadata trailers)
                {
                    transportCalls.add("close " + status.getCode() + " on " + Thread.currentThread().getName());
                    super.close(status, trailers);
                }
            }, headers);
        }
    }
}
