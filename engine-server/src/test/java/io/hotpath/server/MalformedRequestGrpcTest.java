package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.hotpath.gateway.grpc.UnparsedRequests;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.ExchangeGrpc;
import io.hotpath.gateway.v1.ExchangeReply;
import io.hotpath.gateway.v1.ExchangeRequest;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.RoutingGrpc;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Requests that are not protobuf messages of their method's type, sent to every method of the
 * contract as raw bytes, as a client in another language or a fuzzer would send them: each is
 * refused INVALID_ARGUMENT saying it could not be parsed (on Exchange: a Refusal, and the stream
 * goes on), counted, logged once and without a stack trace, and nothing is journaled.
 */
@Timeout(120)
class MalformedRequestGrpcTest
{
    /** A truncated varint, a wire type that does not exist, a length that runs past the end. */
    private static final byte[][] GARBAGE = {{0x08, (byte)0xFF}, {0x0F}, {0x0A, 0x10, 0x01}};

    @TempDir
    Path dir;

    private TestEngine engine;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final List<LogRecord> grpcSevere = new CopyOnWriteArrayList<>();
    private final Handler grpcLog = new Handler()
    {
        @Override
        public void publish(final LogRecord record)
        {
            if (record.getLevel().intValue() >= Level.WARNING.intValue())
            {
                grpcSevere.add(record);
            }
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
        }
    };

    @BeforeEach
    void start()
    {
        log.start();
        ((Logger)LoggerFactory.getLogger(UnparsedRequests.class)).addAppender(log);
        java.util.logging.Logger.getLogger("io.grpc").addHandler(grpcLog);
        engine = TestEngine.start(dir.resolve("journal"), Map.of("hotpath.shards", 1, "hotpath.admin.port", 0));
    }

    @AfterEach
    void stop()
    {
        engine.close();
        ((Logger)LoggerFactory.getLogger(UnparsedRequests.class)).detachAppender(log);
        java.util.logging.Logger.getLogger("io.grpc").removeHandler(grpcLog);
    }

    @Test
    void shouldRefuseAnUnparsableRequestOnEveryMethodAsInvalidArgument() throws Exception
    {
        final List<String> refused = new ArrayList<>();
        int sent = 0;
        for (final ServiceDescriptor service : List.of(EngineGrpc.getServiceDescriptor(), RoutingGrpc.getServiceDescriptor(),
            PaymentsGrpc.getServiceDescriptor(), PricingGrpc.getServiceDescriptor(), ControlGrpc.getServiceDescriptor()))
        {
            for (final MethodDescriptor<?, ?> method : service.getMethods())
            {
                for (final byte[] garbage : GARBAGE)
                {
                    final Status status = call(method.getFullMethodName(), method.getType(), garbage).status.get(30, TimeUnit.SECONDS);
                    assertThat(status.getCode()).as(method.getFullMethodName()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(status.getDescription()).as(method.getFullMethodName())
                        .startsWith("request: could not be parsed as hotpath.v1.");
                    sent++;
                }
                refused.add(method.getBareMethodName());
            }
        }

        assertThat(refused).contains("Ping", "Route", "ReportOutcome", "DecidePayment", "ReportFraudLabel", "Quote", "ValidateQuote",
            "StreamPrices", "PublishMarketData", "ApplyConfig", "TakeSnapshot");
        assertThat(malformedCount()).isEqualTo(sent);
        assertThat(journaledCommands()).as("nothing reached a shard").isZero();
        assertThat(log.list).as("one summary line for the lot").hasSize(1);
        assertThat(log.list.get(0).getThrowableProxy()).as("no stack trace").isNull();
        assertThat(log.list.get(0).getFormattedMessage()).contains("could not be parsed", "INVALID_ARGUMENT");
        assertThat(grpcSevere).as("grpc-java logged nothing").isEmpty();
    }

    @Test
    void shouldRefuseOneUnparsableMessageOfAnExchangeAndGoOn() throws Exception
    {
        final Call exchange = call(ExchangeGrpc.getExchangeMethod().getFullMethodName(), MethodDescriptor.MethodType.BIDI_STREAMING,
            GARBAGE[0], ExchangeRequest.newBuilder().setRequestId(7).setDecidePayment(PaymentsGrpcTest.payment(1, "00000000000000aa")
                .setTenantId(99)).build().toByteArray());

        assertThat(exchange.status.get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        assertThat(exchange.replies).hasSize(2);
        final ExchangeReply refusal = ExchangeReply.parseFrom(exchange.replies.get(0));
        assertThat(refusal.getRequestId()).isZero();
        assertThat(refusal.getRefusal().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(refusal.getRefusal().getMessage()).startsWith("request: could not be parsed as hotpath.v1.ExchangeRequest");
        final ExchangeReply answered = ExchangeReply.parseFrom(exchange.replies.get(1));
        assertThat(answered.getRequestId()).as("the stream went on to the next request").isEqualTo(7);
        assertThat(malformedCount()).isEqualTo(1);
    }

    @Test
    void shouldListTheServicesThroughReflectionV1AndV1alpha() throws Exception
    {
        final CompletableFuture<List<String>> v1 = new CompletableFuture<>();
        final var v1Requests = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(engine.channel)
            .serverReflectionInfo(collect(v1, ServerReflectionResponse::getListServicesResponse, r -> r.getServiceList().stream()
                .map(s -> s.getName()).collect(Collectors.toList())));
        v1Requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        v1Requests.onCompleted();

        final CompletableFuture<List<String>> alpha = new CompletableFuture<>();
        final var alphaRequests = io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(engine.channel)
            .serverReflectionInfo(collect(alpha, io.grpc.reflection.v1alpha.ServerReflectionResponse::getListServicesResponse,
                r -> r.getServiceList().stream().map(s -> s.getName()).collect(Collectors.toList())));
        alphaRequests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
        alphaRequests.onCompleted();

        final String[] ours = {"hotpath.v1.Engine", "hotpath.v1.Routing", "hotpath.v1.Payments", "hotpath.v1.Pricing", "hotpath.v1.Control",
            "hotpath.v1.Exchange", "grpc.health.v1.Health"};
        assertThat(v1.get(30, TimeUnit.SECONDS)).contains(ours).contains("grpc.reflection.v1.ServerReflection");
        assertThat(alpha.get(30, TimeUnit.SECONDS)).contains(ours).contains("grpc.reflection.v1alpha.ServerReflection");
    }

    private static <R, L> io.grpc.stub.StreamObserver<R> collect(final CompletableFuture<List<String>> into,
        final java.util.function.Function<R, L> list, final java.util.function.Function<L, List<String>> names)
    {
        return new io.grpc.stub.StreamObserver<>()
        {
            @Override
            public void onNext(final R response)
            {
                into.complete(names.apply(list.apply(response)));
            }

            @Override
            public void onError(final Throwable failure)
            {
                into.completeExceptionally(failure);
            }

            @Override
            public void onCompleted()
            {
                into.complete(List.of());
            }
        };
    }

    /**
     * One call of {@code method} with {@code messages} as its request bytes, as they are.
     */
    private Call call(final String method, final MethodDescriptor.MethodType type, final byte[]... messages)
    {
        final MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setFullMethodName(method).setType(type).setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        final ClientCall<byte[], byte[]> call = engine.channel.newCall(raw, CallOptions.DEFAULT);
        final Call result = new Call();
        call.start(new ClientCall.Listener<>()
        {
            @Override
            public void onMessage(final byte[] message)
            {
                result.replies.add(message);
            }

            @Override
            public void onClose(final Status status, final Metadata trailers)
            {
                result.status.complete(status);
            }
        }, new Metadata());
        call.request(Integer.MAX_VALUE);
        for (final byte[] message : messages)
        {
            call.sendMessage(message);
        }
        call.halfClose();
        return result;
    }

    private long malformedCount() throws Exception
    {
        final HttpResponse<String> metrics = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.engine.adminPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines().filter(line -> line.startsWith("hotpath_rejections_total{reason=\"malformed\"}"))
            .mapToLong(line -> (long)Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private long journaledCommands()
    {
        long commands = 0;
        try (JournalReader reader = JournalReader.open(engine.engine.shardJournal(0)))
        {
            final CommandCursor cursor = reader.commands();
            while (cursor.next())
            {
                commands++;
            }
        }
        return commands;
    }

    private static final class Call
    {
        final List<byte[]> replies = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> status = new CompletableFuture<>();
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>()
    {
        @Override
        public InputStream stream(final byte[] value)
        {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(final InputStream stream)
        {
            try
            {
                return stream.readAllBytes();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    };
}
