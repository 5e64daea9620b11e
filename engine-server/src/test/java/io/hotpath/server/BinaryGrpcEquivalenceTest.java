package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.gateway.binary.client.HotpathClient;
import io.hotpath.gateway.grpc.PaymentsService;
import io.hotpath.gateway.grpc.PricingService;
import io.hotpath.gateway.grpc.RoutingService;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.InventoryEvent;
import io.hotpath.gateway.v1.MarketDataBatch;
import io.hotpath.gateway.v1.MarketEvent;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteRequest;
import io.hotpath.gateway.v1.RoutingGrpc;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.ResultCursor;
import io.hotpath.pricing.MarketDataCommand;
import io.hotpath.pricing.QuoteCommand;
import io.hotpath.routing.OutcomeCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same commands give the same results over the binary front as over gRPC. Two engines, one
 * fed over gRPC and one over the binary front, each command at the same instant of a clock the test
 * holds: payments, outcome reports, quotes and market data in turn. Their journals, commands and
 * results, are then identical byte for byte.
 */
@Timeout(120)
class BinaryGrpcEquivalenceTest
{
    private static final long TENANT = 3;
    private static final int COMMANDS = 400;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void shouldJournalTheSameCommandsAndResultsOverBothFronts() throws Exception
    {
        final ManualClock grpcClock = new ManualClock();
        final ManualClock binaryClock = new ManualClock();
        final long start = 1_800_000_000_000_000_000L;
        try (TestEngine grpc = TestEngine.start(dir.resolve("grpc"), Map.of("hotpath.shards", 1), ShardLogicFactory.engine(64), grpcClock);
            TestEngine binary = TestEngine.start(dir.resolve("binary"), Map.of("hotpath.shards", 1, "hotpath.binary.port", 0),
                ShardLogicFactory.engine(64), binaryClock);
            HotpathClient client = HotpathClient.connect(HotpathClient.Options.of("127.0.0.1", binary.engine.binaryPort())))
        {
            grpcClock.set(start);
            binaryClock.set(start);
            ExampleConfigs.apply(ControlGrpc.newBlockingStub(grpc.channel), TENANT, true);
            ExampleConfigs.apply(ControlGrpc.newBlockingStub(binary.channel), TENANT, true);
            final MarketDataBatch rates = MarketDataBatch.newBuilder().setTenantId(TENANT).setCorrelationId(1)
                .addEvents(PricingGrpcTest.fx("EUR", "USD", "1.0832")).build();

            for (int i = 0; i <= COMMANDS; i++)
            {
                final long now = start + (i + 1) * 1_000_000L;
                grpcClock.set(now);
                binaryClock.set(now);
                final Object request = i == 0 ? rates : request(i);
                overGrpc(grpc, request);
                assertThat(client.call(adapted(request), WAIT).correlationId()).isEqualTo(correlationId(request));
            }
        }

        final List<byte[]> grpcCommands = new ArrayList<>();
        final List<byte[]> grpcResults = new ArrayList<>();
        final List<byte[]> binaryCommands = new ArrayList<>();
        final List<byte[]> binaryResults = new ArrayList<>();
        read(dir.resolve("grpc"), grpcCommands, grpcResults);
        read(dir.resolve("binary"), binaryCommands, binaryResults);
        assertThat(grpcCommands).hasSize(COMMANDS + 1 + 3);
        assertThat(binaryCommands).hasSameSizeAs(grpcCommands);
        for (int i = 0; i < grpcCommands.size(); i++)
        {
            assertThat(binaryCommands.get(i)).as("command %d", i).isEqualTo(grpcCommands.get(i));
            assertThat(binaryResults.get(i)).as("result %d", i).isEqualTo(grpcResults.get(i));
        }
    }

    /**
     * Payments, an outcome for the payment before, a quote, and stock levels, in turn.
     */
    private static Object request(final int i)
    {
        switch (i % 4)
        {
            case 0:
            case 1:
                return PaymentsGrpcTest.payment(i, String.format("%016x", 0xE0E0L + i % 30)).setTenantId(TENANT)
                    .setAmount(300 + i * 71L % 30_000).setCorrelationId(1_000 + i).build();
            case 2:
                return OutcomeRequest.newBuilder().setTenantId(TENANT).setCorrelationId(1_000 + i).setPaymentId(i - 1)
                    .setProcessor(i % 8 == 2 ? "stripe" : "adyen")
                    .setOutcome(i % 6 == 2 ? PaymentOutcome.PAYMENT_OUTCOME_SOFT_DECLINE : PaymentOutcome.PAYMENT_OUTCOME_APPROVED)
                    .setLatencyMicros(90_000 + i).build();
            default:
                return i % 8 == 3
                    ? PricingGrpcTest.quote(i % 16 == 3 ? "MILK-1L" : "TV-LED-43", 1 + i % 5, i % 3 == 0 ? "USD" : "EUR")
                        .setTenantId(TENANT).setCorrelationId(1_000 + i).build()
                    : MarketDataBatch.newBuilder().setTenantId(TENANT).setCorrelationId(1_000 + i).addEvents(MarketEvent.newBuilder()
                        .setInventory(InventoryEvent.newBuilder().setSku("TV-LED-43").setAvailable(i % 40))).build();
        }
    }

    private static void overGrpc(final TestEngine engine, final Object request)
    {
        try
        {
            if (request instanceof DecidePaymentRequest payment)
            {
                PaymentsGrpc.newBlockingStub(engine.channel).decidePayment(payment);
            }
            else if (request instanceof OutcomeRequest outcome)
            {
                RoutingGrpc.newBlockingStub(engine.channel).reportOutcome(outcome);
            }
            else if (request instanceof QuoteRequest quote)
            {
                PricingGrpc.newBlockingStub(engine.channel).quote(quote);
            }
            else
            {
                PricingGrpc.newBlockingStub(engine.channel).publishMarketData((MarketDataBatch)request);
            }
        }
        catch (final StatusRuntimeException refused)
        {
            // A refusal from the logic (an outcome for a payment that was not routed there, say) is a result too, journaled.
            assertThat(refused.getStatus().getCode()).isNotEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    private static CommandSource adapted(final Object request)
    {
        final Status invalid;
        final CommandSource command;
        if (request instanceof DecidePaymentRequest payment)
        {
            final DecidePaymentCommand decide = new DecidePaymentCommand();
            invalid = PaymentsService.adapt(payment, decide);
            command = decide;
        }
        else if (request instanceof OutcomeRequest outcome)
        {
            final OutcomeCommand report = new OutcomeCommand();
            invalid = RoutingService.adapt(outcome, report);
            command = report;
        }
        else if (request instanceof QuoteRequest quote)
        {
            final QuoteCommand price = new QuoteCommand();
            invalid = PricingService.adapt(quote, price);
            command = price;
        }
        else
        {
            final MarketDataCommand market = new MarketDataCommand();
            invalid = PricingService.adapt((MarketDataBatch)request, market);
            command = market;
        }
        assertThat(invalid).isNull();
        return command;
    }

    private static long correlationId(final Object request)
    {
        if (request instanceof DecidePaymentRequest payment)
        {
            return payment.getCorrelationId();
        }
        if (request instanceof OutcomeRequest outcome)
        {
            return outcome.getCorrelationId();
        }
        if (request instanceof QuoteRequest quote)
        {
            return quote.getCorrelationId();
        }
        return ((MarketDataBatch)request).getCorrelationId();
    }

    private static void read(final Path journal, final List<byte[]> commands, final List<byte[]> results)
    {
        try (JournalReader reader = JournalReader.open(JournalDescriptor.shardDir(journal, 0)))
        {
            final CommandCursor commandCursor = reader.commands();
            while (commandCursor.next())
            {
                commands.add(bytes(commandCursor.command(), commandCursor.length()));
            }
            final ResultCursor resultCursor = reader.results();
            while (resultCursor.next())
            {
                results.add(bytes(resultCursor.result(), resultCursor.length()));
            }
        }
    }

    private static byte[] bytes(final DirectBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes, 0, length);
        return bytes;
    }

    /**
     * A clock the test sets, so both engines stamp a command with the same instant.
     */
    static final class ManualClock implements EpochNanoClock
    {
        private volatile long now;

        void set(final long nanos)
        {
            now = nanos;
        }

        @Override
        public long nanoTime()
        {
            return now;
        }
    }
}
