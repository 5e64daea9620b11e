package io.hotpath.server;

import static io.hotpath.server.AuthGrpcTest.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.auth.ApiKeyStore;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.ExchangeGrpc;
import io.hotpath.gateway.v1.ExchangeReply;
import io.hotpath.gateway.v1.ExchangeRequest;
import io.hotpath.gateway.v1.FraudAction;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ExchangeGrpcTest
{
    private static final long TENANT = 5;
    private static final long OTHER = 6;
    private static final String TENANT_KEY = ApiKeyStore.newKey();
    private static final String OPERATOR_KEY = ApiKeyStore.newKey();

    @TempDir
    static Path dir;
    private static TestEngine engine;

    @BeforeAll
    static void start()
    {
        engine = TestEngine.start(dir.resolve("journal"), Map.of(
            "hotpath.shards", 1,
            "hotpath.auth.mode", "required",
            "hotpath.auth.api-keys", List.of(
                Map.of("name", "checkout", "tenant", TENANT, "sha256", ApiKeyStore.hash(TENANT_KEY)),
                Map.of("name", "ops", "role", "operator", "sha256", ApiKeyStore.hash(OPERATOR_KEY)))));
        ExampleConfigs.apply(withKey(ControlGrpc.newBlockingStub(engine.channel), OPERATOR_KEY), TENANT, false);
        // Exploration draws are seeded by payment id and arrival time: without them the stream and the unary call can be
        // compared candidate by candidate.
        ExampleConfigs.applyRoutingWithoutExploration(withKey(ControlGrpc.newBlockingStub(engine.channel), OPERATOR_KEY), TENANT);
        ExampleConfigs.apply(withKey(ControlGrpc.newBlockingStub(engine.channel), OPERATOR_KEY), OTHER, false);
    }

    @AfterAll
    static void stop()
    {
        engine.close();
        engine = null;
    }

    @Test
    void shouldAnswerEveryRequestOnceTaggedWithItsIdAndCompleteAfterTheLast() throws Exception
    {
        final Exchange exchange = new Exchange();
        final long before = journaled();
        for (int n = 1; n <= 300; n++)
        {
            exchange.requests.onNext(ExchangeRequest.newBuilder().setRequestId(n)
                .setDecidePayment(PaymentsGrpcTest.payment(10_000 + n, String.format("%016x", 0xABC000L + n)).setCorrelationId(10_000 + n))
                .build());
        }
        exchange.requests.onCompleted();

        exchange.completed.get(30, TimeUnit.SECONDS);
        assertThat(exchange.replies).hasSize(300);
        for (long n = 1; n <= 300; n++)
        {
            final ExchangeReply reply = exchange.replies.get(n);
            assertThat(reply.getReplyCase()).as("request %d", n).isEqualTo(ExchangeReply.ReplyCase.PAYMENT_DECISION);
            assertThat(reply.getPaymentDecision().getCorrelationId()).isEqualTo(10_000 + n);
            assertThat(reply.getPaymentDecision().getAction()).isNotEqualTo(FraudAction.FRAUD_ACTION_UNSPECIFIED);
        }
        assertThat(journaled() - before).as("each payment journaled once").isEqualTo(300);
    }

    @Test
    void shouldDecideAsTheUnaryCallDoes() throws Exception
    {
        final Exchange exchange = new Exchange();
        exchange.requests.onNext(ExchangeRequest.newBuilder().setRequestId(1)
            .setDecidePayment(PaymentsGrpcTest.payment(20_001, "00000000a1b2c3d4").setCorrelationId(7)).build());
        exchange.requests.onCompleted();
        exchange.completed.get(30, TimeUnit.SECONDS);

        final var unary = withKey(PaymentsGrpc.newBlockingStub(engine.channel), TENANT_KEY)
            .decidePayment(PaymentsGrpcTest.payment(20_002, "00000000a1b2c3d4").setCorrelationId(7).build());
        final var streamed = exchange.replies.get(1L).getPaymentDecision();
        assertThat(streamed.getAction()).isEqualTo(unary.getAction());
        assertThat(streamed.getRouting().getExplored()).isFalse();
        assertThat(streamed.getRouting().getCandidatesList()).isEqualTo(unary.getRouting().getCandidatesList());
    }

    @Test
    void shouldRefuseABadRequestWithItsStatusJournalNothingAndGoOn() throws Exception
    {
        final Exchange exchange = new Exchange();
        final long before = journaled();
        exchange.requests.onNext(ExchangeRequest.newBuilder().setRequestId(1)
            .setDecidePayment(PaymentsGrpcTest.payment(30_001, "1111111111111111").setCardNumber("4111111111111111")).build());
        exchange.requests.onNext(ExchangeRequest.newBuilder().setRequestId(2)
            .setDecidePayment(PaymentsGrpcTest.payment(30_002, "1111111111111111").setTenantId(OTHER)).build());
        exchange.requests.onNext(ExchangeRequest.newBuilder().setRequestId(3).build());
        exchange.requests.onNext(ExchangeRequest.newBuilder().setRequestId(4)
            .setDecidePayment(PaymentsGrpcTest.payment(30_004, "1111111111111112")).build());
        exchange.requests.onCompleted();
        exchange.completed.get(30, TimeUnit.SECONDS);

        assertRefusal(exchange.replies.get(1L), Status.Code.INVALID_ARGUMENT, "card_number:");
        assertRefusal(exchange.replies.get(2L), Status.Code.PERMISSION_DENIED, "tenant_id:");
        assertRefusal(exchange.replies.get(3L), Status.Code.INVALID_ARGUMENT, "command:");
        assertThat(exchange.replies.get(4L).hasPaymentDecision()).as("the stream went on").isTrue();
        assertThat(journaled() - before).as("only the valid payment journaled").isEqualTo(1);
    }

    private static void assertRefusal(final ExchangeReply reply, final Status.Code code, final String description)
    {
        assertThat(reply.getReplyCase()).isEqualTo(ExchangeReply.ReplyCase.REFUSAL);
        assertThat(reply.getRefusal().getCode()).isEqualTo(code.value());
        assertThat(reply.getRefusal().getMessage()).startsWith(description);
    }

    private static long journaled()
    {
        try (JournalReader reader = JournalReader.open(JournalDescriptor.shardDir(dir.resolve("journal"), 0)))
        {
            return reader.lastSequence();
        }
    }

    /**
     * One open stream as the tenant's key, collecting replies by request id.
     */
    private static final class Exchange
    {
        final ConcurrentMap<Long, ExchangeReply> replies = new ConcurrentHashMap<>();
        final CompletableFuture<Void> completed = new CompletableFuture<>();
        final StreamObserver<ExchangeRequest> requests;

        Exchange()
        {
            requests = withKey(ExchangeGrpc.newStub(engine.channel), TENANT_KEY).exchange(new StreamObserver<>()
            {
                @Override
                public void onNext(final ExchangeReply reply)
                {
                    if (replies.put(reply.getRequestId(), reply) != null)
                    {
                        completed.completeExceptionally(new AssertionError("answered twice: " + reply.getRequestId()));
                    }
                }

                @Override
                public void onError(final Throwable cause)
                {
                    completed.completeExceptionally(cause);
                }

                @Override
                public void onCompleted()
                {
                    completed.complete(null);
                }
            });
        }
    }
}
