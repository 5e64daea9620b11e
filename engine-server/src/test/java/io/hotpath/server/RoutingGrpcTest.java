package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.Card;
import io.hotpath.gateway.v1.CardNetwork;
import io.hotpath.gateway.v1.CardType;
import io.hotpath.gateway.v1.CascadeAction;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.OutcomeReply;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.RouteReply;
import io.hotpath.gateway.v1.RouteRequest;
import io.hotpath.gateway.v1.RouteStrategy;
import io.hotpath.gateway.v1.RoutingGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
public class RoutingGrpcTest
{
    private static final long TENANT = 7;

    @TempDir
    static Path journal;

    private static TestEngine engine;
    private static RoutingGrpc.RoutingBlockingStub routing;
    private static ControlGrpc.ControlBlockingStub control;

    @BeforeAll
    static void start() throws IOException
    {
        engine = TestEngine.start(journal, Map.of());
        routing = RoutingGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        control = ControlGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        control.applyConfig(ApplyConfigRequest.newBuilder()
            .setTenantId(TENANT)
            .setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING)
            .setVersion(1)
            .setOrigin("routing-example.conf")
            .setConfig(example())
            .build());
    }

    @AfterAll
    static void stop()
    {
        engine.close();
        // A closed engine still reaches its shards' state through its actor system: let it go.
        engine = null;
    }

    public static ByteString example() throws IOException
    {
        try (InputStream in = RoutingGrpcTest.class.getResourceAsStream("/examples/routing-example.conf"))
        {
            return ByteString.readFrom(in);
        }
    }

    public static RouteRequest.Builder payment(final long paymentId)
    {
        return RouteRequest.newBuilder()
            .setTenantId(TENANT)
            .setPaymentId(paymentId)
            .setAmount(4_999)
            .setCurrency("EUR")
            .setCard(Card.newBuilder().setBin("45717360").setNetwork(CardNetwork.CARD_NETWORK_VISA)
                .setType(CardType.CARD_TYPE_CREDIT).setIssuerCountry("DE"))
            .setCustomerCountry("DE")
            .setMcc(5411);
    }

    @Test
    void shouldRouteByTheMatchingRuleAndExplainTheDecision()
    {
        final RouteReply amex = routing.route(payment(1).setCard(Card.newBuilder().setBin("371449")
            .setNetwork(CardNetwork.CARD_NETWORK_AMEX).setType(CardType.CARD_TYPE_CREDIT)).build());

        assertThat(amex.getRouted()).isTrue();
        assertThat(amex.getRule()).isEqualTo("amex goes to the cheapest amex acquirer");
        assertThat(amex.getStrategy()).isEqualTo(RouteStrategy.ROUTE_STRATEGY_LEAST_COST);
        // 49.99 on amex: adyen 15 + 145 = 160, stripe 30 + 70 = 100; braintree is USD only.
        assertThat(amex.getCandidatesList()).extracting(c -> c.getProcessor() + "=" + c.getFee())
            .containsExactly("stripe=100", "adyen=160");
        assertThat(amex.getExcludedList()).extracting(e -> e.getProcessor() + ":" + e.getReason().name())
            .containsExactly("braintree:EXCLUSION_CURRENCY_UNSUPPORTED");
        assertThat(amex.getConfigVersion()).isEqualTo(1);
    }

    @Test
    void shouldCascadeThroughReportOutcome()
    {
        final RouteReply decision = routing.route(payment(2).build());
        assertThat(decision.getRule()).isEqualTo("default");
        final String first = decision.getCandidates(0).getProcessor();
        final String second = decision.getCandidates(1).getProcessor();

        final OutcomeReply retry = routing.reportOutcome(OutcomeRequest.newBuilder().setTenantId(TENANT).setPaymentId(2)
            .setProcessor(first).setOutcome(PaymentOutcome.PAYMENT_OUTCOME_SOFT_DECLINE).setLatencyMicros(180_000).build());
        assertThat(retry.getAction()).isEqualTo(CascadeAction.CASCADE_ACTION_RETRY);
        assertThat(retry.getNextProcessor()).isEqualTo(second);

        final OutcomeReply done = routing.reportOutcome(OutcomeRequest.newBuilder().setTenantId(TENANT).setPaymentId(2)
            .setProcessor(second).setOutcome(PaymentOutcome.PAYMENT_OUTCOME_APPROVED).build());
        assertThat(done.getAction()).isEqualTo(CascadeAction.CASCADE_ACTION_DONE);
    }

    @Test
    void shouldRejectBadInputNamingTheField()
    {
        assertInvalid(payment(3).setAmount(-5), "amount");
        assertInvalid(payment(3).setCurrency("EUX"), "currency");
        assertInvalid(payment(3).setCard(payment(3).getCard().toBuilder().setBin("4571736012345678")), "card.bin");
        assertInvalid(payment(3).setCard(payment(3).getCard().toBuilder().setBin("45717")), "card.bin");
        assertInvalid(payment(3).setCard(payment(3).getCard().toBuilder().setNetwork(CardNetwork.CARD_NETWORK_UNSPECIFIED)),
            "card.network");
        assertInvalid(payment(3).setCustomerCountry("XX"), "customer_country");
        assertInvalid(payment(3).setTenantId(999), "tenant_id");
        assertThatThrownBy(() -> routing.reportOutcome(OutcomeRequest.newBuilder().setTenantId(TENANT).setPaymentId(3)
            .setProcessor("paypal").setOutcome(PaymentOutcome.PAYMENT_OUTCOME_APPROVED).build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, ex ->
                assertThat(ex.getStatus().getDescription()).startsWith("processor:"));
    }

    @Test
    void shouldRejectABadConfigWithItsFileLineAndFieldAndKeepTheOldOne()
    {
        assertThatThrownBy(() -> control.applyConfig(ApplyConfigRequest.newBuilder()
            .setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING).setVersion(2).setOrigin("tenant-7.conf")
            .setConfig(ByteString.copyFromUtf8("processors = [\n  { id = a, networks = [visa], currencies = [EUR] }\n]\n"
                + "default { strategy = fastest, processors = [a] }\n"))
            .build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, ex ->
            {
                assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(ex.getStatus().getDescription()).isEqualTo("tenant-7.conf:4: default.strategy: unknown strategy \"fastest\"");
            });
        assertThat(routing.route(payment(4).build()).getConfigVersion()).isEqualTo(1);
    }

    private static void assertInvalid(final RouteRequest.Builder request, final String field)
    {
        assertThatThrownBy(() -> routing.route(request.build())).isInstanceOfSatisfying(StatusRuntimeException.class, ex ->
        {
            assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(ex.getStatus().getDescription()).startsWith(field + ":");
        });
    }
}
