package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.CompetitorPriceEvent;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.DemandEvent;
import io.hotpath.gateway.v1.InventoryEvent;
import io.hotpath.gateway.v1.MarketDataBatch;
import io.hotpath.gateway.v1.MarketEvent;
import io.hotpath.gateway.v1.PriceUpdate;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.gateway.v1.QuoteRequest;
import io.hotpath.gateway.v1.QuoteStatus;
import io.hotpath.gateway.v1.StreamPricesRequest;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.hotpath.gateway.v1.ValidateQuoteRequest;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pricing workload through the real engine (a price book, FX rates, demand, stock and competitor
 * prices, quotes in several currencies and segments, validations, price streams opened and
 * cancelled, ticks), then its journal replayed through fresh logic: every quote, validation,
 * market data result and tick, with the hashes of the streamed moves, is reproduced byte for
 * byte, and so is the state.
 */
@Timeout(120)
class PricingReplayTest
{
    private static final long TENANT = 9;
    private static final String[] SKUS = {
        "TV-OLED-55", "TV-LED-43", "LAPTOP-13", "PHONE-PRO", "PHONE-CASE", "HEADPHONES-NC", "COFFEE-BEANS-1KG", "MILK-1L", "HOODIE",
        "BOOK-NOVEL", "CONSOLE", "GIFT-CARD-50"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY", "CHF", "KWD"};
    private static final String[] SEGMENTS = {"", "retail", "business", "vip", "employee"};
    private static final String[] CHANNELS = {"", "web", "app", "store", "marketplace"};

    @TempDir
    Path journal;

    @Test
    void shouldReproduceEveryPricingResultAndTheStateWhenReplayed() throws Exception
    {
        final AtomicInteger streamed = new AtomicInteger();
        int honoured = 0;
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1, "hotpath.tick-interval", "50ms")))
        {
            final PricingGrpc.PricingBlockingStub pricing = PricingGrpc.newBlockingStub(engine.channel);
            final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(engine.channel);
            control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT).setDomain(ConfigDomain.CONFIG_DOMAIN_PRICING)
                .setVersion(1).setOrigin("pricing-example.conf").setConfig(PricingGrpcTest.example()).build());
            pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
                .addEvents(PricingGrpcTest.fx("EUR", "USD", "1.0832"))
                .addEvents(PricingGrpcTest.fx("GBP", "EUR", "1.1712"))
                .addEvents(PricingGrpcTest.fx("EUR", "JPY", "162.41"))
                .addEvents(PricingGrpcTest.fx("EUR", "CHF", "0.9405"))
                .addEvents(PricingGrpcTest.fx("EUR", "KWD", "0.3321"))
                .build());

            final List<Context.CancellableContext> streams = new ArrayList<>();
            for (int s = 0; s < 4; s++)
            {
                final Context.CancellableContext context = Context.current().withCancellation();
                streams.add(context);
                final int first = s;
                context.run(() -> PricingGrpc.newStub(engine.channel).streamPrices(StreamPricesRequest.newBuilder()
                    .setTenantId(TENANT).setCurrency(CURRENCIES[first]).addSkus(SKUS[first]).addSkus(SKUS[first + 4])
                    .addSkus(SKUS[first + 8]).build(), new Counter(streamed)));
            }

            final List<QuoteReply> quotes = new ArrayList<>();
            for (int i = 0; i < 1_500; i++)
            {
                if (i % 5 == 0)
                {
                    pricing.publishMarketData(market(i));
                }
                if (i == 700)
                {
                    streams.get(0).cancel(null);
                    streams.get(1).cancel(null);
                }
                try
                {
                    quotes.add(pricing.quote(QuoteRequest.newBuilder().setTenantId(TENANT)
                        .setSku(SKUS[i % SKUS.length]).setQuantity(1 + i % 30).setCurrency(CURRENCIES[i % CURRENCIES.length])
                        .setSegment(SEGMENTS[i % SEGMENTS.length]).setChannel(CHANNELS[i / 3 % CHANNELS.length]).build()));
                }
                catch (final io.grpc.StatusRuntimeException refused)
                {
                    // A refused quote (a total out of range, say) is journaled and replayed like any other.
                }
                if (i % 4 == 0 && !quotes.isEmpty())
                {
                    final QuoteReply quote = quotes.get(i % quotes.size());
                    final boolean honour = pricing.validateQuote(ValidateQuoteRequest.newBuilder().setTenantId(TENANT)
                        .setQuoteId(quote.getQuoteId()).setSku(quote.getSku()).setQuantity(quote.getQuantity())
                        .setCurrency(quote.getCurrency()).setConsume(i % 8 == 0).build()).getStatus() == QuoteStatus.QUOTE_STATUS_HONOURED;
                    honoured += honour ? 1 : 0;
                }
            }
            assertThat(control.takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0).setSnapshotId(1).build()).getHash()).isNotZero();
            streams.forEach(context -> context.cancel(null));
        }

        try (JournalReader reader = JournalReader.open(journal.resolve("shard-0")))
        {
            final JournalReplayer.Report report = JournalReplayer.verify(reader,
                ShardLogicFactory.engine(64).create(0, JournalReplayer.KEEP_EXISTING_SNAPSHOTS), 3);
            // Ticks go on after the snapshot, so the state at the end is not the snapshot's; the
            // journaled SnapshotTaken result carries the live state hash, and it was reproduced.
            assertThat(report.mismatches()).isEmpty();
            assertThat(report.unanswered()).isZero();
            assertThat(report.matched()).isEqualTo(report.commands());
            assertThat(report.commands()).as("config, rates, 4 streams, 1,500 quotes, 300 batches, 375 validations, snapshot")
                .isGreaterThanOrEqualTo(2_182);
        }
        assertThat(honoured).as("the workload honoured quotes").isGreaterThan(100);
        assertThat(streamed.get()).as("the workload streamed prices").isGreaterThan(12);
    }

    private static MarketDataBatch market(final int i)
    {
        final String sku = SKUS[i % SKUS.length];
        return MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(MarketEvent.newBuilder().setDemand(DemandEvent.newBuilder().setSku(sku).setUnits(1 + i % 9)))
            .addEvents(MarketEvent.newBuilder().setInventory(InventoryEvent.newBuilder().setSku(SKUS[(i + 3) % SKUS.length])
                .setAvailable(i % 60)))
            .addEvents(MarketEvent.newBuilder().setCompetitorPrice(CompetitorPriceEvent.newBuilder().setSku(SKUS[(i + 5) % SKUS.length])
                .setCompetitor(i % 2 == 0 ? "amazon" : "mediamarkt").setPrice(100 + i * 97 % 150_000)
                .setCurrency(i % 3 == 0 ? "USD" : "EUR")))
            .addEvents(PricingGrpcTest.fx("EUR", "USD", "1.08" + i % 10))
            .build();
    }

    private record Counter(AtomicInteger count) implements StreamObserver<PriceUpdate>
    {
        @Override
        public void onNext(final PriceUpdate value)
        {
            count.incrementAndGet();
        }

        @Override
        public void onError(final Throwable t)
        {
        }

        @Override
        public void onCompleted()
        {
        }
    }
}
