package io.hotpath.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.FraudAction;
import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.core.sbe.ThreeDsStatus;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.fraud.FraudLogic;
import io.hotpath.routing.RoutingLimits;
import io.hotpath.routing.RoutingLogic;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The payment decision fed commands on one thread, as the shard's logic thread feeds it, with the
 * example routing and fraud configs: what it decides, what it refuses and why.
 */
class PaymentDecisionLogicTest
{
    private static final long TENANT = 1;
    private static final long UNCONFIGURED = 2;

    private final RoutingLogic routing = new RoutingLogic(RoutingLimits.DEFAULTS);
    private final FraudLogic fraud = new FraudLogic(1_024, 1_024);
    private final DecisionStage stage = new DecisionStage(
        new EngineLogic(16, (id, sequence, hash, state, offset, length) -> true, routing, fraud,
            new PaymentDecisionLogic(routing, fraud)),
        (sequence, failure) ->
        {
            throw new AssertionError("the logic failed", failure);
        });
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[1 << 20]);
    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer(8192);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PaymentDecisionDecoder decision = new PaymentDecisionDecoder();
    private final CommandFailedDecoder failed = new CommandFailedDecoder();
    /** Midday, 15 January 2026 (UTC), in nanoseconds: the rules score night-time payments up. */
    private long time = 1_768_478_400_000_000_000L;

    @BeforeEach
    void applyExampleConfigs() throws IOException
    {
        apply(ConfigDomain.ROUTING, "/examples/routing-example.conf");
        apply(ConfigDomain.FRAUD, "/examples/fraud-example.conf");
    }

    @Test
    void shouldScoreThenRouteAnOrdinaryPayment()
    {
        decide(payment(1, 0xCA4D_0001L));

        assertThat(header.templateId()).isEqualTo(PaymentDecisionDecoder.TEMPLATE_ID);
        assertThat(decision.meta().code()).isEqualTo(ResultCode.OK);
        assertThat(decision.paymentId()).isEqualTo(1);
        assertThat(decision.action()).as("score %d", decision.score()).isEqualTo(FraudAction.ALLOW);
        assertThat(decision.score()).isBetween(0, 1000);
        assertThat(routedProcessors()).as("processors in order").isNotEmpty();
    }

    @Test
    void shouldBlockACardLabelledAsFraudAndNotRouteIt()
    {
        final long card = 0xCA4D_0002L;
        decide(payment(1, card));
        assertThat(decision.action()).isEqualTo(FraudAction.ALLOW);

        final FraudLabelCommand label = new FraudLabelCommand();
        label.tenantId = TENANT;
        label.correlationId = 2;
        label.ingressTime = ++time;
        label.paymentId = 1;
        label.label = FraudLabel.FRAUD;
        label.cardFingerprint = card;
        stage.decide(command, label.encodeCommand(command), result);

        decide(payment(3, card));
        assertThat(decision.action()).isEqualTo(FraudAction.BLOCK);
        assertThat(decision.decidedByList()).isEqualTo((short)1);
        assertThat(routedProcessors()).as("a blocked payment is not routed").isEmpty();
    }

    @Test
    void shouldNameTheFieldOfEachRefusal()
    {
        final DecidePaymentCommand noAmount = payment(4, 0xCA4D_0004L);
        noAmount.amount = 0;
        assertThat(refusal(noAmount)).startsWith("amount: ");

        final DecidePaymentCommand shortBin = payment(5, 0xCA4D_0005L);
        shortBin.bin = 4571;
        shortBin.binLength = 4;
        assertThat(refusal(shortBin)).startsWith("card.bin: ");

        final DecidePaymentCommand otherTenant = payment(6, 0xCA4D_0006L);
        otherTenant.tenantId = UNCONFIGURED;
        assertThat(refusal(otherTenant)).isEqualTo("tenant_id: no routing config for this tenant");
    }

    private DecidePaymentCommand payment(final long paymentId, final long card)
    {
        final DecidePaymentCommand payment = new DecidePaymentCommand();
        payment.tenantId = TENANT;
        payment.correlationId = paymentId;
        payment.ingressTime = ++time;
        payment.paymentId = paymentId;
        payment.amount = 4_250;
        payment.currency = 978;
        payment.currencyDigits = 2;
        payment.bin = 457173;
        payment.binLength = 6;
        payment.last4 = 1234;
        payment.cardFingerprint = card;
        payment.issuerCountry = 'D' << 8 | 'E';
        payment.customerCountry = 'D' << 8 | 'E';
        payment.mcc = 5411;
        payment.customerKey = card + 1;
        payment.emailKey = card + 2;
        payment.deviceKey = card + 3;
        payment.ipLow = 0xFFFF_C000_0201L;
        payment.threeDs = ThreeDsStatus.AUTHENTICATED;
        return payment;
    }

    private void decide(final DecidePaymentCommand payment)
    {
        stage.decide(command, payment.encodeCommand(command), result);
        header.wrap(result, 0);
        if (header.templateId() == PaymentDecisionDecoder.TEMPLATE_ID)
        {
            decision.wrapAndApplyHeader(result, 0, header);
        }
    }

    private String refusal(final DecidePaymentCommand payment)
    {
        decide(payment);
        assertThat(header.templateId()).isEqualTo(CommandFailedDecoder.TEMPLATE_ID);
        failed.wrapAndApplyHeader(result, 0, header);
        assertThat(failed.meta().code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        return failed.reason();
    }

    /**
     * @return the processors the decision's routing names, in order; none when it was not routed.
     */
    private List<String> routedProcessors()
    {
        for (final PaymentDecisionDecoder.FiredRulesDecoder rule : decision.firedRules())
        {
            rule.name();
        }
        for (final PaymentDecisionDecoder.TopFeaturesDecoder feature : decision.topFeatures())
        {
            feature.feature();
        }
        decision.modelVersion();
        decision.decidingRule();
        final List<String> processors = new ArrayList<>();
        final int length = decision.routingLength();
        if (length == 0)
        {
            return processors;
        }
        final UnsafeBuffer routed = new UnsafeBuffer(new byte[length]);
        decision.getRouting(routed, 0, length);
        final RouteDecisionDecoder route = new RouteDecisionDecoder().wrapAndApplyHeader(routed, 0, new MessageHeaderDecoder());
        for (final RouteDecisionDecoder.CandidatesDecoder candidate : route.candidates())
        {
            processors.add(candidate.processor());
        }
        return processors;
    }

    private void apply(final ConfigDomain domain, final String resource) throws IOException
    {
        final byte[] config;
        try (InputStream in = PaymentDecisionLogicTest.class.getResourceAsStream(resource))
        {
            config = in.readAllBytes();
        }
        final CommandSource source = new ControlCommand.ApplyConfig(TENANT, domain, 1, config, resource).source(0, 0);
        stage.decide(command, source.encodeCommand(command), result);
        assertThat(header.wrap(result, 0).templateId()).as("%s applied", resource).isNotEqualTo(CommandFailedDecoder.TEMPLATE_ID);
    }
}
