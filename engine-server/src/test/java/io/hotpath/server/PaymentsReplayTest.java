package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.FraudAction;
import io.hotpath.gateway.v1.FraudLabel;
import io.hotpath.gateway.v1.FraudLabelRequest;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.RoutingGrpc;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A payment workload (fraud scores with velocity, blocks, labels that grow the block list,
 * routing and outcomes) through the real engine, then its journal replayed through fresh logic:
 * every result and the final state are reproduced.
 */
@Timeout(120)
class PaymentsReplayTest
{
    @TempDir
    Path journal;

    @Test
    void shouldReproduceEveryPaymentDecisionAndTheStateWhenReplayed() throws Exception
    {
        final long snapshotHash;
        int blocked = 0;
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            final PaymentsGrpc.PaymentsBlockingStub payments = PaymentsGrpc.newBlockingStub(engine.channel);
            final RoutingGrpc.RoutingBlockingStub routing = RoutingGrpc.newBlockingStub(engine.channel);
            final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(engine.channel);
            for (long tenant = 1; tenant <= 2; tenant++)
            {
                control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(tenant).setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING)
                    .setVersion(1).setConfig(RoutingGrpcTest.example()).build());
                control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(tenant).setDomain(ConfigDomain.CONFIG_DOMAIN_FRAUD)
                    .setVersion(1).setConfig(com.google.protobuf.ByteString.readFrom(
                        PaymentsReplayTest.class.getResourceAsStream("/examples/fraud-example.conf"))).build());
            }
            for (long payment = 1; payment <= 1_200; payment++)
            {
                final long tenant = 1 + payment % 2;
                final String card = String.format("%016x", 0xABC000L + payment % 300);
                final PaymentDecision decision = payments.decidePayment(PaymentsGrpcTest.payment(payment, card)
                    .setTenantId(tenant)
                    .setAmount(100 + payment * 53 % 400_000)
                    .setIp("203.0.113." + payment % 40)
                    .setDeviceId("device-" + payment % 90)
                    .build());
                if (decision.getAction() == FraudAction.FRAUD_ACTION_BLOCK)
                {
                    blocked++;
                }
                else if (decision.getRouting().getRouted())
                {
                    routing.reportOutcome(OutcomeRequest.newBuilder().setTenantId(tenant).setPaymentId(payment)
                        .setProcessor(decision.getRouting().getCandidates(0).getProcessor())
                        .setOutcome(payment % 9 == 0
                            ? PaymentOutcome.PAYMENT_OUTCOME_SOFT_DECLINE : PaymentOutcome.PAYMENT_OUTCOME_APPROVED)
                        .build());
                }
                if (payment % 97 == 0)
                {
                    payments.reportFraudLabel(FraudLabelRequest.newBuilder().setTenantId(tenant).setPaymentId(payment)
                        .setLabel(FraudLabel.FRAUD_LABEL_FRAUD).setCardFingerprint(card).build());
                }
            }
            snapshotHash = control.takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0).setSnapshotId(1).build()).getHash();
        }
        assertThat(blocked).as("the workload exercises blocking").isPositive();

        try (JournalReader reader = JournalReader.open(journal.resolve("shard-0")))
        {
            final JournalReplayer.Report report = JournalReplayer.verify(
                reader, ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 3);
            assertThat(report.mismatches()).isEmpty();
            assertThat(report.unanswered()).isZero();
            assertThat(report.commands()).isGreaterThan(1_200);
            assertThat(report.stateHash()).isEqualTo(snapshotHash);
        }
    }
}
