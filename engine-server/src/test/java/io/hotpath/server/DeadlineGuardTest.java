package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.hotpath.core.shard.Shard;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.CallGuard;
import io.hotpath.gateway.grpc.FrontInterceptor;
import io.hotpath.gateway.grpc.FrontMetrics;
import io.hotpath.gateway.grpc.PaymentsService;
import io.hotpath.gateway.trace.CallTracing;
import io.hotpath.gateway.v1.PaymentsGrpc;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request whose deadline has passed by the time it would be published is refused with
 * DEADLINE_EXCEEDED and never reaches the shard. A real gRPC server on the engine's shards, with the
 * front's interceptor; one more in front gives each call a deadline that has already passed, as a
 * call that waited too long in the front would have: a client cannot send one, since gRPC fails an
 * expired call before it leaves.
 */
@Timeout(60)
class DeadlineGuardTest
{
    @TempDir
    Path journal;

    @Test
    void shouldRefuseARequestWhoseDeadlineHasPassedBeforeItIsJournaled() throws Exception
    {
        final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            final ServerInterceptor expired = new ServerInterceptor()
            {
                @Override
                public <Q, R> ServerCall.Listener<Q> interceptCall(final ServerCall<Q, R> call, final Metadata headers,
                    final ServerCallHandler<Q, R> next)
                {
                    final Context late = Context.current().withDeadline(Deadline.after(-1, TimeUnit.MILLISECONDS), deadlines);
                    return Contexts.interceptCall(late, call, headers, next);
                }
            };
            final Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .directExecutor()
                .intercept(new FrontInterceptor(FrontMetrics.NONE, CallTracing.OFF, Authenticator.OFF,
                    CallGuard.withoutQuotas()))
                // Added last, so outermost: the front's interceptor reads the deadline it sets.
                .intercept(expired)
                .addService(new PaymentsService(engine.engine.directory(), new OffsetEpochNanoClock()))
                .build()
                .start();
            final ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
            final Shard shard = engine.engine.directory().shard(0);
            final long published = shard.published();
            try
            {
                assertThatThrownBy(() -> PaymentsGrpc.newBlockingStub(channel).decidePayment(
                    PaymentsGrpcTest.payment(1, "00000000000dead1").setTenantId(3).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused ->
                    {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                        assertThat(refused.getStatus().getDescription()).contains("deadline passed before the command reached its shard");
                    });
                assertThat(shard.published()).as("nothing reached the shard").isEqualTo(published);
            }
            finally
            {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        finally
        {
            deadlines.shutdownNow();
        }
    }
}
