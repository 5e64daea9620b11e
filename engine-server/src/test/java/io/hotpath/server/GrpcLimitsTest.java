package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.sbe.ApplyConfigDecoder;
import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.gateway.stream.PriceSubscriber;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PriceUpdate;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.StreamPricesRequest;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC front's limits, each pushed past by a real client: message and header sizes, calls per
 * connection, a ping flood and a reset flood (the latter two from a bare HTTP/2 connection, since a
 * gRPC client never sends them). Nothing refused is journaled.
 */
@Timeout(60)
class GrpcLimitsTest
{
    private static final long TENANT = SampleTraffic.TENANT;

    @TempDir
    static Path journal;
    private static TestEngine engine;

    @BeforeAll
    static void start() throws Exception
    {
        engine = TestEngine.start(journal, Map.of("hotpath.shards", 1,
            "hotpath.grpc.max-inbound-metadata-bytes", "8KiB",
            "hotpath.grpc.max-concurrent-calls-per-connection", 2,
            "hotpath.grpc.max-rst-frames", 20,
            "hotpath.grpc.rst-window", "10s"));
        SampleTraffic.configure(engine);
    }

    @AfterAll
    static void stop()
    {
        engine.close();
        engine = null;
    }

    @Test
    void shouldRefuseAMessageOverTheLimitBeforeAnyServiceSeesIt()
    {
        assertThatThrownBy(() -> ControlGrpc.newBlockingStub(engine.channel).applyConfig(ApplyConfigRequest.newBuilder()
            .setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING).setVersion(99)
            .setConfig(ByteString.copyFrom(new byte[2 * 1024 * 1024])).build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(journaled(ApplyConfigDecoder.TEMPLATE_ID)).isEqualTo(3);
    }

    @Test
    void shouldRefuseHeadersOverTheLimit()
    {
        final Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), "x".repeat(16 * 1024));
        assertThatThrownBy(() -> PaymentsGrpc.newBlockingStub(engine.channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .decidePayment(PaymentsGrpcTest.payment(1, "000000000000beef").setTenantId(TENANT).build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                refused -> assertThat(refused.getStatus().getCode()).isNotEqualTo(Status.Code.OK));
        assertThat(journaled(DecidePaymentDecoder.TEMPLATE_ID)).isZero();
    }

    /**
     * @return commands of that template in the shard's journal so far.
     */
    private static long journaled(final int templateId)
    {
        long count = 0;
        try (JournalReader reader = JournalReader.open(JournalDescriptor.shardDir(journal, 0)))
        {
            final CommandCursor commands = reader.commands();
            while (commands.next())
            {
                count += commands.templateId() == templateId ? 1 : 0;
            }
        }
        return count;
    }

    /**
     * The connection's limit (2) holds a third stream back until a stream ends. A grpc-java client writes a queued
     * stream's frames when the cancelled stream closes but flushes them only with its next write (seen in its frame
     * log), so the test's fourth call is what sends the third; the fourth then waits in turn.
     */
    @Test
    void shouldServeNoMoreCallsAtOnceOnOneConnectionThanItsLimit() throws Exception
    {
        final ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", engine.engine.port()).usePlaintext().build();
        final Context.CancellableContext first = Context.current().withCancellation();
        final Queue<Status> ended = new ConcurrentLinkedQueue<>();
        try
        {
            first.run(() -> stream(channel, ended));
            stream(channel, ended);
            stream(channel, ended);
            awaitSubscribers("two streams open", open -> open.size() == 2);
            Thread.sleep(300);
            final Set<PriceSubscriber> firstTwo = Set.copyOf(engine.engine.priceStreams().openSubscribers());
            assertThat(firstTwo).as("the third waits for a free stream").hasSize(2);

            first.cancel(null);
            awaitSubscribers("the cancelled stream left", open -> !open.containsAll(firstTwo));
            stream(channel, ended);
            awaitSubscribers("the third took the freed stream",
                open -> open.size() == 2 && open.stream().filter(subscriber -> !firstTwo.contains(subscriber)).count() == 1);
            Thread.sleep(300);
            assertThat(engine.engine.priceStreams().openSubscribers()).as("the fourth waits for a free stream").hasSize(2);
            assertThat(ended).extracting(Status::getCode).containsExactly(Status.Code.CANCELLED);
        }
        finally
        {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldSendAwayAClientThatPingsTooOften() throws Exception
    {
        try (RawHttp2Connection connection = new RawHttp2Connection(engine.engine.port()))
        {
            connection.ping(10);
            final Http2GoAwayFrame away = connection.awaitGoAway(10);
            assertThat(away.errorCode()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
            away.release();
        }
    }

    @Test
    void shouldEndTheConnectionOfAClientThatResetsStreamsFasterThanTheLimit() throws Exception
    {
        try (RawHttp2Connection connection = new RawHttp2Connection(engine.engine.port()))
        {
            // Under the limit (20 in 10 s) the connection stays.
            connection.openAndReset(10, "/hotpath.v1.Engine/Ping");
            assertThat(connection.awaitEnded(1)).isFalse();
            assertThat(connection.isActive()).isTrue();

            // Past it the server ends the connection: GOAWAY ENHANCE_YOUR_CALM, which may be lost to the reset of a
            // connection the client is still writing to, so the close itself is the evidence.
            connection.openAndReset(200, "/hotpath.v1.Engine/Ping");
            assertThat(connection.awaitEnded(10)).isTrue();
            final Http2GoAwayFrame away = connection.goAwayIfAny();
            if (away != null)
            {
                assertThat(away.errorCode()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
                away.release();
            }
        }
    }

    private static void stream(final ManagedChannel channel, final Queue<Status> ended)
    {
        PricingGrpc.newStub(channel).streamPrices(StreamPricesRequest.newBuilder().setTenantId(TENANT).setCurrency("EUR")
            .addSkus("MILK-1L").build(), new StreamObserver<PriceUpdate>()
            {
                @Override
                public void onNext(final PriceUpdate update)
                {
                }

                @Override
                public void onError(final Throwable failure)
                {
                    ended.add(Status.fromThrowable(failure));
                }

                @Override
                public void onCompleted()
                {
                    ended.add(Status.OK);
                }
            });
    }

    private static void awaitSubscribers(final String what, final Predicate<Set<PriceSubscriber>> until) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!until.test(Set.copyOf(engine.engine.priceStreams().openSubscribers())) && System.nanoTime() < deadline)
        {
            Thread.sleep(20);
        }
        final Set<PriceSubscriber> open = Set.copyOf(engine.engine.priceStreams().openSubscribers());
        assertThat(until.test(open)).as("%s, with %d streams open", what, open.size()).isTrue();
    }
}
