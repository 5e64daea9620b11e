package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.hotpath.gateway.stream.PriceSubscriber;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.InventoryEvent;
import io.hotpath.gateway.v1.MarketDataBatch;
import io.hotpath.gateway.v1.MarketEvent;
import io.hotpath.gateway.v1.PriceUpdate;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteRequest;
import io.hotpath.gateway.v1.StreamPricesRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code StreamPrices} through a real engine on loopback: the first prices, updates only past the
 * threshold, a cancelled stream freeing its subscription in the shard, refusals by name, and a
 * slow consumer that gRPC's flow control holds back being conflated to the latest price per SKU,
 * bounded, while the engine goes on.
 */
@Timeout(90)
class PriceStreamGrpcTest
{
    private static final long TENANT = 5;
    /** A tenant whose streams send every move, so a stream's last price is the latest price. */
    private static final long EVERY_MOVE = 6;
    private static final int SKUS = 400;

    @TempDir
    Path journal;

    private TestEngine engine;
    private PricingGrpc.PricingBlockingStub pricing;

    @BeforeEach
    void start()
    {
        engine = TestEngine.start(journal, Map.of("hotpath.tick-interval", "0s"));
        pricing = PricingGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        ControlGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS).applyConfig(ApplyConfigRequest.newBuilder()
            .setTenantId(TENANT)
            .setDomain(ConfigDomain.CONFIG_DOMAIN_PRICING)
            .setVersion(1)
            .setOrigin("streams.conf")
            .setConfig(ByteString.copyFrom(book("0.5%"), StandardCharsets.UTF_8))
            .build());
        ControlGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS).applyConfig(ApplyConfigRequest.newBuilder()
            .setTenantId(EVERY_MOVE)
            .setDomain(ConfigDomain.CONFIG_DOMAIN_PRICING)
            .setVersion(1)
            .setOrigin("streams-every-move.conf")
            .setConfig(ByteString.copyFrom(book("0%"), StandardCharsets.UTF_8))
            .build());
    }

    @AfterEach
    void stop()
    {
        engine.close();
    }

    @Test
    void shouldSendFirstPricesThenOnlyMovesPastTheThreshold() throws Exception
    {
        final Collector stream = subscribe(engine.channel, TENANT, "EUR", "SKU-0001", "SKU-0002");

        final List<PriceUpdate> first = stream.take(2);
        assertThat(first).extracting(PriceUpdate::getSku, PriceUpdate::getPrice, PriceUpdate::getSnapshot)
            .containsExactlyInAnyOrder(
                tuple("SKU-0001", 1_007L, true),
                tuple("SKU-0002", 1_014L, true));

        inventory("SKU-0001", 99);
        assertThat(stream.updates.poll(300, TimeUnit.MILLISECONDS)).as("1,007 x 1.002 moves 2, under 0.5%").isNull();
        inventory("SKU-0001", 0);
        final PriceUpdate moved = stream.take(1).get(0);
        assertThat(moved.getSku()).isEqualTo("SKU-0001");
        assertThat(moved.getPrice()).isEqualTo(1_208L);
        assertThat(moved.getPreviousPrice()).isEqualTo(1_007L);
        assertThat(moved.getSnapshot()).isFalse();
        stream.cancel();
    }

    @Test
    void shouldFreeTheSubscriptionWhenTheClientCancels() throws Exception
    {
        final List<Collector> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            streams.add(subscribe(engine.channel, TENANT, "EUR", "SKU-0003"));
            streams.get(i).take(1);
        }
        final Collector fourth = subscribe(engine.channel, TENANT, "EUR", "SKU-0003");
        assertThat(fourth.end.get(10, TimeUnit.SECONDS)).isEqualTo(
            "RESOURCE_EXHAUSTED: limit exceeded: subscriptions: the tenant has as many price streams as its config allows");

        streams.get(0).cancel();

        // The cancellation reaches the shard through the control plane; until it has, a new stream is refused.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String outcome = "";
        while (System.nanoTime() < deadline && !"streaming".equals(outcome))
        {
            final Collector again = subscribe(engine.channel, TENANT, "EUR", "SKU-0003");
            outcome = again.updates.poll(2, TimeUnit.SECONDS) != null ? "streaming" : again.end.getNow("silent");
        }
        assertThat(outcome).as("a new stream fits once the cancelled one is unsubscribed").isEqualTo("streaming");
    }

    @Test
    void shouldRefuseBadStreamsByName() throws Exception
    {
        assertThat(subscribe(engine.channel, TENANT, "EUR", "SKU-0001", "NOPE").end.get(10, TimeUnit.SECONDS))
            .isEqualTo("INVALID_ARGUMENT: skus[1]: not in the tenant's price book");
        assertThat(subscribe(engine.channel, TENANT, "EUR", "SKU-0001", "SKU-0001").end.get(10, TimeUnit.SECONDS))
            .isEqualTo("INVALID_ARGUMENT: skus[1]: \"SKU-0001\" is listed twice");
        assertThat(subscribe(engine.channel, TENANT, "XYZ", "SKU-0001").end.get(10, TimeUnit.SECONDS))
            .isEqualTo("INVALID_ARGUMENT: currency: unknown currency \"XYZ\"");
        assertThat(subscribe(engine.channel, TENANT, "EUR").end.get(10, TimeUnit.SECONDS))
            .isEqualTo("INVALID_ARGUMENT: skus: must list 1 to 1000 SKUs, listed 0");
    }

    @Test
    void shouldConflateASlowConsumerToTheLatestPricePerSkuAndStayBounded() throws Exception
    {
        // A client channel with a small HTTP/2 window, reading one message and then nothing: gRPC's
        // flow control soon tells the engine the stream is not ready.
        final ManagedChannel slowChannel = NettyChannelBuilder.forAddress("127.0.0.1", engine.engine.port())
            .usePlaintext().flowControlWindow(65_535).build();
        try
        {
            final String[] skus = new String[SKUS];
            for (int i = 0; i < SKUS; i++)
            {
                skus[i] = sku(i);
            }
            final Collector slow = subscribe(slowChannel, EVERY_MOVE, "EUR", skus);
            slow.take(1);

            final int moves = 60;
            for (int round = 0; round < moves; round++)
            {
                final MarketDataBatch.Builder batch = MarketDataBatch.newBuilder().setTenantId(EVERY_MOVE);
                for (int i = 0; i < 64; i++)
                {
                    final int sku = (round * 64 + i) % SKUS;
                    batch.addEvents(MarketEvent.newBuilder().setInventory(
                        InventoryEvent.newBuilder().setSku(sku(sku)).setAvailable((round * 7 + i) % 100)));
                }
                pricing.publishMarketData(batch.build());
            }
            assertThat(pricing.quote(quote(EVERY_MOVE, "SKU-0007")).getUnitPrice())
                .as("the engine answers while a reader stalls").isPositive();

            final PriceSubscriber held = engine.engine.priceStreams().openSubscribers().iterator().next();
            assertThat(eventually(() -> held.conflated() > 0)).as("prices replaced while the stream was not ready").isTrue();
            assertThat(held.pending()).as("at most one pending price per SKU").isLessThanOrEqualTo(SKUS);

            slow.requestAll();
            final Map<String, Long> latest = new HashMap<>();
            for (int i = 0; i < SKUS; i++)
            {
                latest.put(sku(i), pricing.quote(quote(EVERY_MOVE, sku(i))).getUnitPrice());
            }
            assertThat(eventually(() -> slow.drainInto().entrySet().containsAll(latest.entrySet())))
                .as("every SKU ends at its latest price").isTrue();
            assertThat(slow.received).as("moves were conflated, not queued").isLessThan(moves * 64 + SKUS);
            assertThat(slow.conflatedReported).isPositive();
            assertThat(slow.brokenChains).as("each update follows the one before it for its SKU").isZero();
            slow.cancel();
        }
        finally
        {
            slowChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void inventory(final String sku, final long available)
    {
        pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(MarketEvent.newBuilder().setInventory(InventoryEvent.newBuilder().setSku(sku).setAvailable(available)))
            .build());
    }

    private static QuoteRequest quote(final long tenantId, final String sku)
    {
        return QuoteRequest.newBuilder().setTenantId(tenantId).setSku(sku).setQuantity(1).setCurrency("EUR").build();
    }

    private static String sku(final int i)
    {
        return String.format(Locale.ROOT, "SKU-%04d", i);
    }

    private static String book(final String threshold)
    {
        final StringBuilder book = new StringBuilder("""
            currency = EUR
            currencies { USD { spread-bps = 25 } }
            scarcity { curve = [ { stock = 0, factor = 1.2 }, { stock = 100, factor = 1.0 } ] }
            stream { max-subscriptions = 3 }
            """).append("stream.threshold = \"").append(threshold).append("\"\nskus = [\n");
        for (int i = 0; i < SKUS; i++)
        {
            book.append("  { sku = ").append(sku(i)).append(", price = ").append(1_000 + 7 * i).append(" }\n");
        }
        return book.append("]\n").toString();
    }

    private static boolean eventually(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            if (condition.getAsBoolean())
            {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static Collector subscribe(final ManagedChannel channel, final long tenantId, final String currency, final String... skus)
    {
        final Collector collector = new Collector();
        PricingGrpc.newStub(channel).streamPrices(StreamPricesRequest.newBuilder()
            .setTenantId(tenantId).setCurrency(currency).addAllSkus(List.of(skus)).build(), collector);
        return collector;
    }

    /**
     * A client that asks for one message, then one more each time it takes one, until told to take them all.
     */
    private static final class Collector implements ClientResponseObserver<StreamPricesRequest, PriceUpdate>
    {
        final BlockingQueue<PriceUpdate> updates = new LinkedBlockingQueue<>();
        final CompletableFuture<String> end = new CompletableFuture<>();
        final Map<String, Long> lastPrice = new HashMap<>();
        private ClientCallStreamObserver<StreamPricesRequest> call;
        int received;
        long conflatedReported;
        int brokenChains;

        @Override
        public void beforeStart(final ClientCallStreamObserver<StreamPricesRequest> requestStream)
        {
            call = requestStream;
            requestStream.disableAutoRequestWithInitial(1);
        }

        @Override
        public void onNext(final PriceUpdate update)
        {
            updates.add(update);
        }

        @Override
        public void onError(final Throwable failure)
        {
            final Status status = Status.fromThrowable(failure);
            end.complete(status.getCode() + ": " + status.getDescription());
        }

        @Override
        public void onCompleted()
        {
            end.complete("completed");
        }

        List<PriceUpdate> take(final int count) throws InterruptedException
        {
            final List<PriceUpdate> taken = new ArrayList<>();
            while (taken.size() < count)
            {
                call.request(1);
                final PriceUpdate update = updates.poll(10, TimeUnit.SECONDS);
                if (update == null)
                {
                    throw new AssertionError("no price update within 10 s; stream ended with " + end.getNow("nothing"));
                }
                taken.add(update);
            }
            return taken;
        }

        void requestAll()
        {
            call.request(Integer.MAX_VALUE);
        }

        Map<String, Long> drainInto()
        {
            PriceUpdate update;
            while ((update = updates.poll()) != null)
            {
                received++;
                conflatedReported += update.getConflated();
                final Long before = lastPrice.get(update.getSku());
                if (before != null && before != update.getPreviousPrice())
                {
                    brokenChains++;
                }
                lastPrice.put(update.getSku(), update.getPrice());
            }
            return lastPrice;
        }

        void cancel()
        {
            call.cancel("done", null);
        }
    }
}
