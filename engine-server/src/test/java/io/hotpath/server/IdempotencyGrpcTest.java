package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.hotpath.gateway.grpc.FrontInterceptor;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.journal.Bound;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.journal.tools.JournalDump;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call retried with the same {@code idempotency-key} (say, after a lost reply) gets the first
 * reply and is applied once, also after the engine restarted; another key is another command.
 */
@Timeout(120)
class IdempotencyGrpcTest
{
    private static final long TENANT = 12;

    @TempDir
    Path journal;

    @Test
    void shouldAnswerARetryWithTheFirstResultAndApplyItOnceAcrossARestart() throws Exception
    {
        final PaymentDecision first;
        final PaymentDecision retried;
        final PaymentDecision secondAttempt;
        final QuoteReply quote;
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            configure(engine);
            first = payments(engine, "pay-8812/1").decidePayment(payment());
            retried = payments(engine, "pay-8812/1").decidePayment(payment());
            secondAttempt = payments(engine, "pay-8812/2").decidePayment(payment());
            quote = PricingGrpc.newBlockingStub(engine.channel).withInterceptors(key("quote-77"))
                .quote(PricingGrpcTest.quote("BOOK-NOVEL", 1, "EUR").setTenantId(TENANT).build());
            assertThat(PricingGrpc.newBlockingStub(engine.channel).withInterceptors(key("quote-77"))
                .quote(PricingGrpcTest.quote("BOOK-NOVEL", 1, "EUR").setTenantId(TENANT).build())).isEqualTo(quote);
        }

        assertThat(retried).as("the first reply, engine sequence and all").isEqualTo(first);
        assertThat(secondAttempt.getEngineSequence()).as("another key is another command").isGreaterThan(first.getEngineSequence());

        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            assertThat(payments(engine, "pay-8812/1").decidePayment(payment())).as("after a restart too").isEqualTo(first);
        }

        try (JournalReader reader = JournalReader.open(journal.resolve("shard-0")))
        {
            final JournalReplayer.Report report = JournalReplayer.verify(
                reader, ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 3);
            assertThat(report.mismatches()).as("retries are journaled and replay to the same answer").isEmpty();
        }

        // The dump shows each retry as a command of its own, answered from the cache with the first result.
        final ByteArrayOutputStream dumped = new ByteArrayOutputStream();
        JournalDump.dump(journal.resolve("shard-0"), new JournalDump.Filter(TENANT, Set.of("DecidePayment", "PaymentDecision"), 0,
            Bound.NONE, Bound.NONE, true), new PrintStream(dumped, true, StandardCharsets.UTF_8));
        final List<JsonNode> results = dumped.toString(StandardCharsets.UTF_8).lines().map(IdempotencyGrpcTest::json)
            .filter(line -> line.get("entry").asText().equals("result")).toList();
        assertThat(results).hasSize(4);
        final String firstSequence = Long.toString(first.getEngineSequence());
        assertThat(results).filteredOn(line -> line.has("answeredFrom"))
            .as("the retry, and the retry after the restart")
            .hasSize(2)
            .allSatisfy(line ->
            {
                assertThat(line.get("answeredFrom").asText()).isEqualTo("idempotency cache");
                assertThat(line.get("firstSequence").asText()).isEqualTo(firstSequence);
                assertThat(line.get("sequence").asText()).isNotEqualTo(firstSequence);
            });
    }

    private static JsonNode json(final String line)
    {
        try
        {
            return new ObjectMapper().readTree(line);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void shouldRefuseAMalformedKeyBeforeTheJournal()
    {
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            assertThatThrownBy(() -> payments(engine, "has space").decidePayment(payment()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, ex ->
                {
                    assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(ex.getStatus().getDescription()).startsWith("idempotency-key: ");
                });
            assertThat(engine.engine.directory().shard(0).published()).as("nothing reached the ring").isZero();
        }
    }

    private static io.hotpath.gateway.v1.DecidePaymentRequest payment()
    {
        return PaymentsGrpcTest.payment(8812, "00000000000077aa").setTenantId(TENANT).build();
    }

    private static PaymentsGrpc.PaymentsBlockingStub payments(final TestEngine engine, final String idempotencyKey)
    {
        return PaymentsGrpc.newBlockingStub(engine.channel).withInterceptors(key(idempotencyKey));
    }

    private static io.grpc.ClientInterceptor key(final String idempotencyKey)
    {
        final Metadata headers = new Metadata();
        headers.put(FrontInterceptor.IDEMPOTENCY_KEY, idempotencyKey);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static void configure(final TestEngine engine) throws IOException
    {
        final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(engine.channel);
        control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING)
            .setVersion(1).setConfig(RoutingGrpcTest.example()).build());
        control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_FRAUD)
            .setVersion(1).setConfig(com.google.protobuf.ByteString.readFrom(
                IdempotencyGrpcTest.class.getResourceAsStream("/examples/fraud-example.conf"))).build());
        control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_PRICING)
            .setVersion(1).setConfig(PricingGrpcTest.example()).build());
    }
}
