package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.CardNetwork;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.ControlReply;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentChannel;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.RouteReply;
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
 * A routing workload through the real engine, then its journal replayed through fresh logic: every
 * decision and every cascade answer is reproduced byte for byte, and so is the state.
 */
@Timeout(120)
class RoutingReplayTest
{
    private static final PaymentOutcome[] OUTCOMES = {
        PaymentOutcome.PAYMENT_OUTCOME_APPROVED, PaymentOutcome.PAYMENT_OUTCOME_APPROVED, PaymentOutcome.PAYMENT_OUTCOME_SOFT_DECLINE,
        PaymentOutcome.PAYMENT_OUTCOME_APPROVED, PaymentOutcome.PAYMENT_OUTCOME_ERROR, PaymentOutcome.PAYMENT_OUTCOME_HARD_DECLINE,
        PaymentOutcome.PAYMENT_OUTCOME_TIMEOUT};

    @TempDir
    Path journal;

    @Test
    void shouldReproduceEveryRoutingResultAndTheStateWhenReplayed() throws Exception
    {
        final long[] snapshotHashes = new long[2];
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 2)))
        {
            final RoutingGrpc.RoutingBlockingStub routing = RoutingGrpc.newBlockingStub(engine.channel);
            final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(engine.channel);
            for (long tenant = 1; tenant <= 4; tenant++)
            {
                control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(tenant).setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING)
                    .setVersion(1).setOrigin("routing-example.conf").setConfig(RoutingGrpcTest.example()).build());
            }
            for (long payment = 1; payment <= 1_500; payment++)
            {
                final long tenant = 1 + payment % 4;
                final RouteReply decision = routing.route(RoutingGrpcTest.payment(payment)
                    .setTenantId(tenant)
                    .setAmount(500 + payment * 37 % 90_000)
                    .setChannel(payment % 5 == 0 ? PaymentChannel.PAYMENT_CHANNEL_RECURRING : PaymentChannel.PAYMENT_CHANNEL_ECOMMERCE)
                    .setCard(RoutingGrpcTest.payment(payment).getCard().toBuilder()
                        .setNetwork(payment % 3 == 0 ? CardNetwork.CARD_NETWORK_MASTERCARD : CardNetwork.CARD_NETWORK_VISA))
                    .build());
                if (decision.getRouted())
                {
                    routing.reportOutcome(OutcomeRequest.newBuilder().setTenantId(tenant).setPaymentId(payment)
                        .setProcessor(decision.getCandidates(0).getProcessor())
                        .setOutcome(OUTCOMES[(int)(payment % OUTCOMES.length)])
                        .setResponseCode(payment % 2 == 0 ? "05" : "14")
                        .setLatencyMicros(payment % 400_000).build());
                }
            }
            for (int shard = 0; shard < 2; shard++)
            {
                final ControlReply snapshot = control.takeSnapshot(
                    TakeSnapshotRequest.newBuilder().setShardId(shard).setSnapshotId(1).build());
                snapshotHashes[shard] = snapshot.getHash();
            }
        }

        long commands = 0;
        for (int shard = 0; shard < 2; shard++)
        {
            try (JournalReader reader = JournalReader.open(journal.resolve("shard-" + shard)))
            {
                // The engine's own logic factory, so the replay runs exactly what the shards ran.
                final JournalReplayer.Report report = JournalReplayer.verify(reader,
                    ShardLogicFactory.engine(64).create(shard, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 3);
                assertThat(report.mismatches()).isEmpty();
                assertThat(report.unanswered()).isZero();
                assertThat(report.stateHash()).isEqualTo(snapshotHashes[shard]);
                commands += report.commands();
            }
        }
        assertThat(commands).isGreaterThan(2_500);
    }
}
