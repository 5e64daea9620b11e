package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hotpath.gateway.grpc.ControlService;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.CompetitorPriceEvent;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.DemandEvent;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.FraudLabel;
import io.hotpath.gateway.v1.FraudLabelRequest;
import io.hotpath.gateway.v1.InventoryEvent;
import io.hotpath.gateway.v1.MarketDataBatch;
import io.hotpath.gateway.v1.MarketEvent;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PingRequest;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteRequest;
import io.hotpath.gateway.v1.RouteRequest;
import io.hotpath.gateway.v1.RoutingGrpc;
import io.hotpath.gateway.v1.StreamPricesRequest;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.hotpath.gateway.v1.ValidateQuoteRequest;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field of every RPC that has a constraint, broken one at a time on an otherwise valid request:
 * each ends with INVALID_ARGUMENT whose description starts with the field's name (its path, for
 * nested and repeated fields). What the front can judge alone (a shape, a range, a known code) it
 * refuses before the ring, so nothing of the call is journaled; what only the tenant's state can judge
 * (a SKU not in its price book, a rate for a currency it does not quote in) the logic refuses in
 * order, journaled with its refusal like any decision, and applies nothing of it.
 *
 * <p>Fields without a constraint: {@code correlation_id} (the caller's own, echoed), {@code consume}
 * (a flag), and the amounts of market events within their ranges.
 */
@Timeout(120)
class ValidationGrpcTest
{
    private static final long TENANT = 3;
    private static final String PAN = "4111111111111111";
    private static final String LONG_TEXT = "x".repeat(257);

    @TempDir
    static Path journal;
    private static TestEngine engine;
    private static PaymentsGrpc.PaymentsBlockingStub payments;
    private static RoutingGrpc.RoutingBlockingStub routing;
    private static PricingGrpc.PricingBlockingStub pricing;
    private static ControlGrpc.ControlBlockingStub control;

    @BeforeAll
    static void start()
    {
        engine = TestEngine.start(journal, Map.of("hotpath.shards", 1));
        control = ControlGrpc.newBlockingStub(engine.channel);
        ExampleConfigs.apply(control, TENANT, true);
        payments = PaymentsGrpc.newBlockingStub(engine.channel);
        routing = RoutingGrpc.newBlockingStub(engine.channel);
        pricing = PricingGrpc.newBlockingStub(engine.channel);
        // The valid requests the cases break are valid: each is answered.
        payments.decidePayment(payment().build());
        payments.reportFraudLabel(label().build());
        routing.route(route().build());
        routing.reportOutcome(outcome().build());
        pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT).addEvents(PricingGrpcTest.fx("EUR", "USD", "1.08"))
            .build());
        pricing.quote(quote().build());
    }

    @AfterAll
    static void stop()
    {
        engine.close();
    }

    @TestFactory
    Stream<DynamicTest> fieldsTheFrontRefusesBeforeTheJournal()
    {
        final List<DynamicTest> cases = new ArrayList<>();
        front(cases, "tenant_id", () -> EngineGrpc.newBlockingStub(engine.channel).ping(PingRequest.newBuilder().build()));

        payment(cases, "tenant_id", request -> request.setTenantId(0));
        payment(cases, "payment_id", request -> request.setPaymentId(0));
        payment(cases, "amount", request -> request.setAmount(0));
        payment(cases, "amount", request -> request.setAmount(Long.MAX_VALUE));
        payment(cases, "currency", request -> request.setCurrency("XXY"));
        payment(cases, "card.bin", request -> request.setCard(request.getCard().toBuilder().setBin(PAN)));
        payment(cases, "card.bin", request -> request.setCard(request.getCard().toBuilder().setBin("41")));
        payment(cases, "card.network", request -> request.setCard(request.getCard().toBuilder().clearNetwork()));
        payment(cases, "card.type", request -> request.setCard(request.getCard().toBuilder().clearType()));
        payment(cases, "card.issuer_country", request -> request.setCard(request.getCard().toBuilder().setIssuerCountry("QQ")));
        payment(cases, "card.last4", request -> request.setCard(request.getCard().toBuilder().setLast4("12a4")));
        payment(cases, "card.fingerprint", request -> request.setCard(request.getCard().toBuilder().setFingerprint("")));
        payment(cases, "customer_country", request -> request.setCustomerCountry("QQ"));
        payment(cases, "mcc", request -> request.setMcc(10_000));
        payment(cases, "channel", request -> request.setChannelValue(99));
        payment(cases, "three_ds", request -> request.setThreeDsValue(99));
        payment(cases, "metadata", request ->
        {
            for (int i = 0; i < 100; i++)
            {
                request.putMetadata("key-" + i, "value");
            }
            return request;
        });
        payment(cases, "metadata", request -> request.putMetadata("note", PAN));
        payment(cases, "ip", request -> request.setIp("300.1.2.3"));
        payment(cases, "customer_id", request -> request.setCustomerId(LONG_TEXT));
        payment(cases, "customer_id", request -> request.setCustomerId(PAN));
        payment(cases, "email", request -> request.setEmail(LONG_TEXT));
        payment(cases, "email", request -> request.setEmail(PAN + "@example.com"));
        payment(cases, "device_id", request -> request.setDeviceId(LONG_TEXT));
        payment(cases, "device_id", request -> request.setDeviceId(PAN));
        payment(cases, "card_number", request -> request.setCardNumber(PAN));
        payment(cases, "cvv", request -> request.setCvv("123"));

        label(cases, "tenant_id", request -> request.setTenantId(0));
        label(cases, "payment_id", request -> request.setPaymentId(0));
        label(cases, "label", FraudLabelRequest.Builder::clearLabel);
        label(cases, "card_fingerprint", request -> request.setCardFingerprint("not hex"));
        label(cases, "email", request -> request.setEmail(LONG_TEXT));
        label(cases, "device_id", request -> request.setDeviceId(PAN));

        route(cases, "tenant_id", request -> request.setTenantId(-1));
        route(cases, "payment_id", request -> request.setPaymentId(-5));
        route(cases, "amount", request -> request.setAmount(-1));
        route(cases, "currency", request -> request.setCurrency(""));
        route(cases, "card.bin", request -> request.setCard(request.getCard().toBuilder().setBin("4571736x")));
        route(cases, "mcc", request -> request.setMcc(-1));
        route(cases, "metadata", request -> request.putMetadata(PAN, "x"));

        outcome(cases, "tenant_id", request -> request.setTenantId(0));
        outcome(cases, "payment_id", request -> request.setPaymentId(0));
        outcome(cases, "processor", request -> request.setProcessor(""));
        outcome(cases, "outcome", OutcomeRequest.Builder::clearOutcome);
        outcome(cases, "response_code", request -> request.setResponseCode(LONG_TEXT));
        outcome(cases, "latency_micros", request -> request.setLatencyMicros(-1));

        quote(cases, "tenant_id", request -> request.setTenantId(0));
        quote(cases, "sku", request -> request.setSku(""));
        quote(cases, "quantity", request -> request.setQuantity(0));
        quote(cases, "currency", request -> request.setCurrency("EURO"));
        quote(cases, "segment", request -> request.setSegment(LONG_TEXT));
        quote(cases, "channel", request -> request.setChannel(LONG_TEXT));

        validate(cases, "tenant_id", request -> request.setTenantId(0));
        validate(cases, "quote_id", request -> request.setQuoteId("not a quote"));
        validate(cases, "sku", request -> request.setSku(""));
        validate(cases, "quantity", request -> request.setQuantity(-2));
        validate(cases, "currency", request -> request.setCurrency("??"));

        stream(cases, "tenant_id", request -> request.setTenantId(0));
        stream(cases, "skus", StreamPricesRequest.Builder::clearSkus);
        stream(cases, "skus[1]", request -> request.addSkus("BOOK-NOVEL"));
        stream(cases, "skus[1]", request -> request.addSkus(""));
        stream(cases, "currency", request -> request.setCurrency("EU"));
        stream(cases, "segment", request -> request.setSegment(LONG_TEXT));

        market(cases, "tenant_id", MarketDataBatch.newBuilder().setTenantId(0).addEvents(demand("BOOK-NOVEL", 1)));
        market(cases, "events", MarketDataBatch.newBuilder().setTenantId(TENANT));
        market(cases, "events[0].event", MarketDataBatch.newBuilder().setTenantId(TENANT).addEvents(MarketEvent.getDefaultInstance()));
        market(cases, "events[1].demand.sku", MarketDataBatch.newBuilder().setTenantId(TENANT).addEvents(demand("BOOK-NOVEL", 1))
            .addEvents(demand("", 1)));
        market(cases, "events[0].inventory.sku", MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(MarketEvent.newBuilder().setInventory(InventoryEvent.newBuilder().setAvailable(3))));
        market(cases, "events[0].competitor_price.competitor", MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(competitor("BOOK-NOVEL", "", "EUR")));
        market(cases, "events[0].competitor_price.currency", MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(competitor("BOOK-NOVEL", "rival", "EURO")));
        market(cases, "events[0].fx_rate.base_currency", MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(PricingGrpcTest.fx("E", "USD", "1.1")));
        market(cases, "events[0].fx_rate.quote_currency", MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(PricingGrpcTest.fx("EUR", "", "1.1")));
        market(cases, "events[0].fx_rate.mid_rate", MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(PricingGrpcTest.fx("EUR", "USD", "-1")));
        market(cases, "events[0].fx_rate.mid_rate", MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(PricingGrpcTest.fx("EUR", "USD", "1.0000000001")));
        market(cases, "events[0].fx_rate.mid_rate", MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(PricingGrpcTest.fx("EUR", "USD", "1." + "0".repeat(100_000))));

        config(cases, "tenant_id", request -> request.setTenantId(0));
        config(cases, "domain", ApplyConfigRequest.Builder::clearDomain);
        config(cases, "version", request -> request.setVersion(0));
        config(cases, "config", request -> request.setConfig(ByteString.copyFrom(new byte[ControlService.MAX_CONFIG_BYTES + 1])));
        config(cases, "config", request -> request.setConfig(request.getConfig().concat(ByteString.copyFromUtf8("# " + PAN))));
        config(cases, "origin", request -> request.setOrigin("tab\there"));
        config(cases, "origin", request -> request.setOrigin("ticket " + PAN));
        front(cases, "shard_id", () -> control.takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(1).setSnapshotId(1).build()));
        front(cases, "snapshot_id", () -> control.takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0).build()));
        return cases.stream();
    }

    @TestFactory
    Stream<DynamicTest> fieldsOnlyTheTenantsStateCanJudgeAreRefusedInOrderAndApplyNothing()
    {
        final List<DynamicTest> cases = new ArrayList<>();
        logic(cases, "sku", () -> pricing.quote(quote().setSku("NOT-IN-THE-BOOK").build()));
        logic(cases, "currency", () -> pricing.quote(quote().setCurrency("BRL").build()));
        logic(cases, "events[1].demand.sku", () -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(demand("BOOK-NOVEL", 1)).addEvents(demand("NOT-IN-THE-BOOK", 1)).build()));
        logic(cases, "events[0].demand.units", () -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(demand("BOOK-NOVEL", 0)).build()));
        logic(cases, "events[0].inventory.available", () -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(MarketEvent.newBuilder().setInventory(InventoryEvent.newBuilder().setSku("BOOK-NOVEL").setAvailable(-1))).build()));
        logic(cases, "events[0].competitor_price.price", () -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(competitor("BOOK-NOVEL", "rival", "EUR")).build()));
        logic(cases, "events[0].fx_rate.quote_currency", () -> pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(PricingGrpcTest.fx("EUR", "EUR", "1")).build()));
        return cases.stream();
    }

    private static DecidePaymentRequest.Builder payment()
    {
        return PaymentsGrpcTest.payment(77, "00000000000a11ce").setTenantId(TENANT);
    }

    private static FraudLabelRequest.Builder label()
    {
        return FraudLabelRequest.newBuilder().setTenantId(TENANT).setPaymentId(77).setLabel(FraudLabel.FRAUD_LABEL_LEGITIMATE)
            .setCardFingerprint("00000000000a11ce").setEmail("buyer@example.com").setDeviceId("device-7");
    }

    private static RouteRequest.Builder route()
    {
        return RoutingGrpcTest.payment(78).setTenantId(TENANT);
    }

    private static OutcomeRequest.Builder outcome()
    {
        return OutcomeRequest.newBuilder().setTenantId(TENANT).setPaymentId(78).setProcessor("adyen")
            .setOutcome(PaymentOutcome.PAYMENT_OUTCOME_APPROVED).setLatencyMicros(120_000);
    }

    private static QuoteRequest.Builder quote()
    {
        return PricingGrpcTest.quote("BOOK-NOVEL", 2, "EUR").setTenantId(TENANT);
    }

    private static MarketEvent demand(final String sku, final long units)
    {
        return MarketEvent.newBuilder().setDemand(DemandEvent.newBuilder().setSku(sku).setUnits(units)).build();
    }

    private static MarketEvent competitor(final String sku, final String competitor, final String currency)
    {
        return MarketEvent.newBuilder().setCompetitorPrice(CompetitorPriceEvent.newBuilder().setSku(sku).setCompetitor(competitor)
            .setCurrency(currency)).build();
    }

    private static void payment(final List<DynamicTest> cases, final String field, final UnaryOperator<DecidePaymentRequest.Builder> b)
    {
        front(cases, "DecidePayment " + field, field, () -> payments.decidePayment(b.apply(payment()).build()));
    }

    private static void label(final List<DynamicTest> cases, final String field, final UnaryOperator<FraudLabelRequest.Builder> b)
    {
        front(cases, "ReportFraudLabel " + field, field, () -> payments.reportFraudLabel(b.apply(label()).build()));
    }

    private static void route(final List<DynamicTest> cases, final String field, final UnaryOperator<RouteRequest.Builder> b)
    {
        front(cases, "Route " + field, field, () -> routing.route(b.apply(route()).build()));
    }

    private static void outcome(final List<DynamicTest> cases, final String field, final UnaryOperator<OutcomeRequest.Builder> b)
    {
        front(cases, "ReportOutcome " + field, field, () -> routing.reportOutcome(b.apply(outcome()).build()));
    }

    private static void quote(final List<DynamicTest> cases, final String field, final UnaryOperator<QuoteRequest.Builder> b)
    {
        front(cases, "Quote " + field, field, () -> pricing.quote(b.apply(quote()).build()));
    }

    private static void validate(final List<DynamicTest> cases, final String field, final UnaryOperator<ValidateQuoteRequest.Builder> b)
    {
        final ValidateQuoteRequest.Builder valid = ValidateQuoteRequest.newBuilder().setTenantId(TENANT).setQuoteId("00000000000000ab")
            .setSku("BOOK-NOVEL").setQuantity(2).setCurrency("EUR");
        front(cases, "ValidateQuote " + field, field, () -> pricing.validateQuote(b.apply(valid).build()));
    }

    private static void stream(final List<DynamicTest> cases, final String field, final UnaryOperator<StreamPricesRequest.Builder> b)
    {
        final StreamPricesRequest.Builder valid = StreamPricesRequest.newBuilder().setTenantId(TENANT).addSkus("BOOK-NOVEL")
            .setCurrency("EUR");
        front(cases, "StreamPrices " + field, field, () -> pricing.streamPrices(b.apply(valid).build()).hasNext());
    }

    private static void market(final List<DynamicTest> cases, final String field, final MarketDataBatch.Builder batch)
    {
        front(cases, "PublishMarketData " + field, field, () -> pricing.publishMarketData(batch.build()));
    }

    private static void config(final List<DynamicTest> cases, final String field, final UnaryOperator<ApplyConfigRequest.Builder> b)
    {
        final ApplyConfigRequest.Builder valid = ApplyConfigRequest.newBuilder().setTenantId(TENANT)
            .setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING).setVersion(9).setOrigin("routing.conf")
            .setConfig(ExampleConfigs.resource("routing-example.conf"));
        front(cases, "ApplyConfig " + field, field, () -> control.applyConfig(b.apply(valid).build()));
    }

    private static void front(final List<DynamicTest> cases, final String field, final Runnable call)
    {
        front(cases, field, field, call);
    }

    private static void front(final List<DynamicTest> cases, final String name, final String field, final Runnable call)
    {
        cases.add(DynamicTest.dynamicTest(name + " (" + cases.size() + ")", () ->
        {
            final long before = journaled();
            assertInvalid(call, field);
            assertThat(journaled()).as("commands journaled").isEqualTo(before);
        }));
    }

    private static void logic(final List<DynamicTest> cases, final String field, final Runnable call)
    {
        cases.add(DynamicTest.dynamicTest(field, () ->
        {
            final long before = journaled();
            assertInvalid(call, field);
            assertThat(journaled()).as("commands journaled").isEqualTo(before + 1);
        }));
    }

    private static void assertInvalid(final Runnable call, final String field)
    {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, refused ->
        {
            assertThat(refused.getStatus().getCode()).as(refused.getStatus().toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(refused.getStatus().getDescription()).startsWith(field + ":");
        });
    }

    private static long journaled()
    {
        try (JournalReader reader = JournalReader.open(JournalDescriptor.shardDir(journal, 0)))
        {
            return reader.lastSequence();
        }
    }
}
