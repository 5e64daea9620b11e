package io.hotpath.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.core.sbe.FraudLabelRecordedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ReportFraudLabelEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.SnapshotTakenDecoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.fraud.rules.RuleAction;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Fraud configs and labels through the engine's logic, one command at a time.
 */
class FraudLogicTest
{
    private static final long TENANT = 42;
    private static final String CONFIG = """
        block-confirmed-fraud = true
        rules = \"""
        block "card testing" if ip_distinct_cards_1h >= 5
        review "large" if amount > 5000
        \"""
        lists {
          block { emails = ["mule@example.com"], ips = ["198.51.100.0/24"], countries = [KP] }
          allow { devices = ["ceo-laptop"] }
        }
        model = default
        """;

    private final FraudLogic fraud = new FraudLogic(1_024, 2);
    private final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer();
    private final EngineLogic logic = new EngineLogic(16, (id, sequence, hash, state, offset, length) ->
    {
        snapshot.putBytes(0, state, offset, length);
        snapshotLength = length;
        return true;
    }, fraud);
    private final DecisionStage stage = new DecisionStage(logic, (sequence, failure) -> { });
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[1 << 20]);
    private final ExpandableArrayBuffer result = new ExpandableArrayBuffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private long version;
    private int snapshotLength;

    @Test
    void shouldApplyAConfigAndScoreWithIt()
    {
        assertThat(apply(CONFIG)).isNull();
        final PaymentView payment = payment(7);
        final FraudResult scored = new FraudResult(16);
        assertThat(fraud.score(TENANT, payment, 1_000, scored)).isTrue();
        assertThat(scored.action()).isEqualTo(RuleAction.ALLOW);
        assertThat(fraud.score(99, payment, 1_000, scored)).as("no config, no score").isFalse();
    }

    @Test
    void shouldNameTheFileLineAndFieldOfConfigErrors()
    {
        assertThat(apply(CONFIG.replace("review \"large\" if amount > 5000", "review \"large\" if amount >> 5000")))
            .isEqualTo("fraud-42.conf:4: unknown variable \">\"");
        assertThat(apply(CONFIG.replace("\"198.51.100.0/24\"", "\"198.51.100.0/40\"")))
            .isEqualTo("fraud-42.conf:7: lists.block.ips[0]: not a valid entry: \"198.51.100.0/40\"");
        assertThat(apply(CONFIG.replace("allow { devices", "allow { \"devices.x\"")))
            .as("a quoted key that is no path to itself (a fuzzing finding)")
            .startsWith("fraud-42.conf:6: lists.allow.devices.x: unknown list");
        assertThat(apply(CONFIG.replace("allow { devices = [\"ceo-laptop\"] }", "allow = [\"ceo-laptop\"]")))
            .as("a list where an object belongs (a fuzzing finding)")
            .startsWith("fraud-42.conf: ").endsWith(": lists.allow has type LIST rather than OBJECT");
        assertThat(apply(CONFIG.replace("model = default", "model = latest")))
            .isEqualTo("fraud-42.conf:10: model: must be \"default\" or { version = ..., json = \"\"\"...\"\"\" }");
    }

    @Test
    void shouldSwapInAModelDeliveredInTheConfig() throws Exception
    {
        final String json;
        try (InputStream in = FraudLogicTest.class.getResourceAsStream("/models/default-fraud-model.json"))
        {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(apply(CONFIG.replace("model = default", "model { version = \"v7\", json = \"\"\"" + json + "\"\"\" }"))).isNull();
        assertThat(fraud.config(TENANT).model().version()).isEqualTo("v7");
        assertThat(fraud.config(TENANT).shadowModel()).isNull();
    }

    @Test
    void shouldBlockTheCardEmailAndDeviceOfAConfirmedFraud()
    {
        apply(CONFIG);
        final PaymentView payment = payment(11);
        final FraudResult scored = new FraudResult(16);

        assertThat(label(FraudLabel.LEGITIMATE, payment)).isZero();
        assertThat(fraud.score(TENANT, payment, 1_000, scored)).isTrue();
        assertThat(scored.action()).isEqualTo(RuleAction.ALLOW);

        assertThat(label(FraudLabel.CHARGEBACK, payment)).isEqualTo(1);
        fraud.score(TENANT, payment, 2_000, scored);
        assertThat(scored.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(scored.rules().decidedByList()).isTrue();
    }

    @Test
    void shouldRefuseAndCountABlockingLabelOnceTheShardHoldsAsManyAsItCanUntilTheTenantsNextConfig()
    {
        apply(CONFIG);
        final FraudResult scored = new FraudResult(16);
        assertThat(label(FraudLabel.FRAUD, payment(21))).isEqualTo(1);
        assertThat(label(FraudLabel.FRAUD, payment(22))).isEqualTo(1);
        final long hash = logic.stateHash(0);

        assertThat(label(FraudLabel.FRAUD, payment(23))).as("the third of two").isEqualTo(-1);
        final CommandFailedDecoder failed = new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header);
        assertThat(failed.meta().code()).isEqualTo(ResultCode.LIMIT_EXCEEDED);
        assertThat(failed.reason()).startsWith("label: ");
        assertThat(fraud.labelsRefused()).isEqualTo(1);
        fraud.score(TENANT, payment(23), 2_000, scored);
        assertThat(scored.action()).as("the refused label blocked nothing").isEqualTo(RuleAction.ALLOW);
        assertThat(label(FraudLabel.LEGITIMATE, payment(24))).as("a label that blocks nothing still fits").isZero();
        assertThat(logic.stateHash(0)).as("the refusal counted in the state").isNotEqualTo(hash);

        apply(CONFIG);
        assertThat(label(FraudLabel.FRAUD, payment(23))).as("room again after the tenant's next config").isEqualTo(1);
    }

    @Test
    void shouldRestoreTheLabelsOfASnapshotWithTheirBlocksAndTheirRefusals()
    {
        apply(CONFIG);
        label(FraudLabel.FRAUD, payment(31));
        label(FraudLabel.CHARGEBACK, payment(32));
        label(FraudLabel.FRAUD, payment(33));
        decide(new ControlCommand.TakeSnapshot(1).source(1, 2_000));
        assertThat(header.templateId()).isEqualTo(SnapshotTakenDecoder.TEMPLATE_ID);
        final long hash = new SnapshotTakenDecoder().wrapAndApplyHeader(result, 0, header).stateHash();

        final FraudLogic restored = new FraudLogic(1_024, 2);
        final EngineLogic restoredLogic = new EngineLogic(16, (id, sequence, stateHash, state, offset, length) -> true, restored);
        final long sequence = restoredLogic.restore(snapshot, 0, snapshotLength);
        assertThat(restoredLogic.stateHash(sequence)).isEqualTo(hash);
        assertThat(restored.labelsRefused()).isEqualTo(1);
        final FraudResult scored = new FraudResult(16);
        restored.score(TENANT, payment(32), 3_000, scored);
        assertThat(scored.action()).as("a label's block restored").isEqualTo(RuleAction.BLOCK);
        restored.score(TENANT, payment(33), 3_000, scored);
        assertThat(scored.action()).as("the refused label blocks nothing").isEqualTo(RuleAction.ALLOW);
    }

    @Test
    void shouldRefuseALabelForATenantWithoutFraudConfig()
    {
        label(FraudLabel.FRAUD, payment(1));
        assertThat(header.templateId()).isEqualTo(CommandFailedDecoder.TEMPLATE_ID);
        assertThat(new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header).reason()).startsWith("tenant_id:");
    }

    private String apply(final String text)
    {
        decide(new ControlCommand.ApplyConfig(TENANT, ConfigDomain.FRAUD, ++version, text.getBytes(StandardCharsets.UTF_8),
            "fraud-42.conf").source(version, 0));
        if (header.templateId() == CommandFailedDecoder.TEMPLATE_ID)
        {
            return new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header).reason();
        }
        return null;
    }

    private int label(final FraudLabel value, final PaymentView payment)
    {
        decide(buffer ->
        {
            final ReportFraudLabelEncoder encoder = new ReportFraudLabelEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
            encoder.meta().tenantId(TENANT).correlationId(1).ingressTime(1_500).idempotencyKey(0);
            encoder.paymentId(1).label(value).cardFingerprint(payment.cardFingerprint).emailKey(payment.emailKey)
                .deviceKey(payment.deviceKey);
            return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        });
        if (header.templateId() != FraudLabelRecordedDecoder.TEMPLATE_ID)
        {
            return -1;
        }
        return new FraudLabelRecordedDecoder().wrapAndApplyHeader(result, 0, header).blocked();
    }

    private void decide(final CommandSource source)
    {
        stage.decide(command, source.encodeCommand(command), result);
        header.wrap(result, 0);
    }

    private static PaymentView payment(final long card)
    {
        final PaymentView payment = new PaymentView();
        payment.amount = 2_500;
        payment.cardFingerprint = 0xCA4D_0000L + card;
        payment.bin = 457173;
        payment.binLength = 6;
        payment.emailKey = 0xE3A1_0000L + card;
        payment.deviceKey = 0xDE71_0000L + card;
        payment.issuerCountry = 'D' << 8 | 'E';
        payment.customerCountry = 'D' << 8 | 'E';
        payment.threeDsAuthenticated = true;
        return payment;
    }
}
