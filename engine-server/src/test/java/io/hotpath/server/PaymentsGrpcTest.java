package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.CardNetwork;
import io.hotpath.gateway.v1.CardType;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.FraudAction;
import io.hotpath.gateway.v1.FraudLabel;
import io.hotpath.gateway.v1.FraudLabelRequest;
import io.hotpath.gateway.v1.PaymentCard;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PingRequest;
import io.hotpath.gateway.v1.ThreeDsStatus;
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
public class PaymentsGrpcTest
{
    private static final long TENANT = 5;

    @TempDir
    static Path journal;

    private static TestEngine engine;
    private static PaymentsGrpc.PaymentsBlockingStub payments;

    @BeforeAll
    static void start() throws IOException
    {
        engine = TestEngine.start(journal, Map.of("hotpath.shards", 1));
        payments = PaymentsGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(engine.channel);
        control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING)
            .setVersion(1).setOrigin("routing-example.conf").setConfig(resource("/examples/routing-example.conf")).build());
        control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_FRAUD)
            .setVersion(1).setOrigin("fraud-example.conf").setConfig(resource("/examples/fraud-example.conf")).build());
    }

    @AfterAll
    static void stop()
    {
        engine.close();
        // A closed engine still reaches its shards' state through its actor system: let it go.
        engine = null;
    }

    @Test
    void shouldScoreAnOrdinaryPaymentAndRouteIt()
    {
        final PaymentDecision decision = payments.decidePayment(payment(1, "a1b2c3d4e5f60001").build());

        assertThat(decision.getAction()).isEqualTo(FraudAction.FRAUD_ACTION_ALLOW);
        assertThat(decision.getScore()).isBetween(0, 500);
        assertThat(decision.getModelVersion()).isEqualTo("default");
        assertThat(decision.hasRouting()).isTrue();
        assertThat(decision.getRouting().getRouted()).isTrue();
        assertThat(decision.getRouting().getCandidatesCount()).isPositive();
    }

    @Test
    void shouldBlockCardTestingAndNotRouteIt()
    {
        PaymentDecision decision = null;
        for (int card = 0; card < 7; card++)
        {
            decision = payments.decidePayment(payment(100 + card, String.format("%016x", 0xC0FFEE00L + card))
                .setIp("203.0.113.9").build());
        }
        assertThat(decision.getAction()).isEqualTo(FraudAction.FRAUD_ACTION_BLOCK);
        assertThat(decision.getDecidingRule()).isEqualTo("card testing");
        assertThat(decision.getTopFeaturesList()).as("what pushed the score up").contains("ip_distinct_cards_1h");
        assertThat(decision.hasRouting()).isFalse();
    }

    @Test
    void shouldBlockTheCardOfAConfirmedChargeback()
    {
        final String card = "00000000deadbeef";
        assertThat(payments.decidePayment(payment(200, card).build()).getAction()).isEqualTo(FraudAction.FRAUD_ACTION_ALLOW);

        assertThat(payments.reportFraudLabel(FraudLabelRequest.newBuilder().setTenantId(TENANT).setPaymentId(200)
            .setLabel(FraudLabel.FRAUD_LABEL_CHARGEBACK).setCardFingerprint(card).build()).getAddedToBlockList()).isTrue();

        final PaymentDecision again = payments.decidePayment(payment(201, card).build());
        assertThat(again.getAction()).isEqualTo(FraudAction.FRAUD_ACTION_BLOCK);
        assertThat(again.getDecidingRule()).isEqualTo("block list");
    }

    @Test
    void shouldRefuseCardNumbersAndCvvsAndJournalNothingOfThem()
    {
        final EngineGrpc.EngineBlockingStub ping = EngineGrpc.newBlockingStub(engine.channel);
        final long before = ping.ping(PingRequest.newBuilder().setTenantId(TENANT).build()).getEngineSequence();

        assertInvalid(payment(300, "1111111111111111").setCardNumber("4111111111111111"), "card_number");
        assertInvalid(payment(300, "1111111111111111").setCvv("123"), "cvv");
        assertInvalid(payment(300, "1111111111111111").putMetadata("note", "card 4111 1111 1111 1111"), "metadata");
        assertInvalid(payment(300, "1111111111111111").setCard(card("1111111111111111").setBin("4111111111111111")), "card.bin");

        final long after = ping.ping(PingRequest.newBuilder().setTenantId(TENANT).build()).getEngineSequence();
        assertThat(after).as("only the second ping reached the shard").isEqualTo(before + 1);
    }

    @Test
    void shouldRejectBadInputNamingTheField()
    {
        assertInvalid(payment(400, "1111111111111111").setAmount(0), "amount");
        assertInvalid(payment(400, "1111111111111111").setCurrency("XXY"), "currency");
        assertInvalid(payment(400, "nothex"), "card.fingerprint");
        assertInvalid(payment(400, "1111111111111111").setIp("example.com"), "ip");
        assertInvalid(payment(400, "1111111111111111").setTenantId(777), "tenant_id");
    }

    private static void assertInvalid(final DecidePaymentRequest.Builder request, final String field)
    {
        assertThatThrownBy(() -> payments.decidePayment(request.build())).isInstanceOfSatisfying(StatusRuntimeException.class, ex ->
        {
            assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(ex.getStatus().getDescription()).startsWith(field + ":");
        });
    }

    public static DecidePaymentRequest.Builder payment(final long paymentId, final String fingerprint)
    {
        return DecidePaymentRequest.newBuilder()
            .setTenantId(TENANT)
            .setPaymentId(paymentId)
            .setAmount(4_999)
            .setCurrency("EUR")
            .setCard(card(fingerprint))
            .setCustomerCountry("DE")
            .setMcc(5411)
            .setThreeDs(ThreeDsStatus.THREE_DS_STATUS_AUTHENTICATED)
            .setCustomerId("customer-" + paymentId)
            .setEmail("customer" + paymentId + "@example.com")
            .setIp("192.0.2." + paymentId % 200)
            .setDeviceId("device-" + paymentId);
    }

    public static PaymentCard.Builder card(final String fingerprint)
    {
        return PaymentCard.newBuilder().setBin("457173").setLast4("4242").setFingerprint(fingerprint)
            .setNetwork(CardNetwork.CARD_NETWORK_VISA).setType(CardType.CARD_TYPE_CREDIT).setIssuerCountry("DE");
    }

    private static ByteString resource(final String name) throws IOException
    {
        try (InputStream in = PaymentsGrpcTest.class.getResourceAsStream(name))
        {
            return ByteString.readFrom(in);
        }
    }
}
