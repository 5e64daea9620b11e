package io.hotpath.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.testing.AllocationMeter;
import io.hotpath.fraud.FraudLogic;
import io.hotpath.routing.RoutingLimits;
import io.hotpath.routing.RoutingLogic;
import java.io.InputStream;
import java.util.Arrays;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The whole payment decision on the logic thread (fraud score with velocity, lists and the model,
 * then routing, both encoded into one result) allocates nothing once warm.
 */
class PaymentDecisionAllocationTest
{
    private final RoutingLogic routing = new RoutingLogic(RoutingLimits.DEFAULTS);
    private final FraudLogic fraud = new FraudLogic(16_384, 1_024);
    private final DecisionStage stage = new DecisionStage(
        new EngineLogic(16, (id, sequence, hash, state, offset, length) -> true, routing, fraud,
            new PaymentDecisionLogic(routing, fraud)),
        (sequence, failure) -> failure.printStackTrace());
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[1 << 20]);
    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer(8192);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Test
    void shouldDecidePaymentsWithoutAllocating() throws Exception
    {
        apply(ConfigDomain.ROUTING, "/examples/routing-example.conf");
        apply(ConfigDomain.FRAUD, "/examples/fraud-example.conf");
        final DecidePaymentCommand payment = new DecidePaymentCommand();
        payment.tenantId = 1;
        payment.currency = 978;
        payment.currencyDigits = 2;
        payment.bin = 457173;
        payment.binLength = 6;
        payment.issuerCountry = 'D' << 8 | 'E';
        payment.customerCountry = 'D' << 8 | 'E';
        payment.mcc = 5411;
        final long[] next = {0};
        final int[] decisions = {0};

        final long[] rounds = AllocationMeter.rounds(() ->
        {
            for (int i = 0; i < 50_000; i++)
            {
                final long n = ++next[0];
                payment.paymentId = n;
                payment.correlationId = n;
                payment.ingressTime = n * 1_000_000L;
                payment.amount = 500 + n % 50_000;
                payment.cardFingerprint = 0x5EED_0000L + n % 20_000;
                payment.customerKey = 0xC057_0000L + n % 5_000;
                payment.emailKey = 0xE3A1_0000L + n % 5_000;
                payment.deviceKey = 0xDE71_0000L + n % 8_000;
                payment.ipLow = 0xFFFF_0A00_0000L + n % 3_000;
                stage.decide(command, payment.encodeCommand(command), result);
                decisions[0] += header.wrap(result, 0).templateId() == PaymentDecisionDecoder.TEMPLATE_ID ? 1 : 0;
            }
        });

        assertThat(decisions[0]).as("every command decided").isEqualTo(50_000 * rounds.length);
        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
    }

    private void apply(final ConfigDomain domain, final String resource) throws Exception
    {
        final byte[] config;
        try (InputStream in = PaymentDecisionAllocationTest.class.getResourceAsStream(resource))
        {
            config = in.readAllBytes();
        }
        final CommandSource source = new ControlCommand.ApplyConfig(1, domain, 1, config, resource).source(0, 0);
        stage.decide(command, source.encodeCommand(command), result);
    }
}
