package io.hotpath.workload;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.stream.PriceSubscriber;
import io.hotpath.gateway.v1.MarketDataReply;
import io.hotpath.gateway.v1.PriceUpdate;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.gateway.v1.QuoteRequest;
import io.hotpath.gateway.v1.QuoteStatus;
import io.hotpath.gateway.v1.StreamPricesRequest;
import io.hotpath.gateway.v1.ValidateQuoteReply;
import io.hotpath.gateway.v1.ValidateQuoteRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Pricing traffic for the demo, beside the payments: a closed loop of quote flows (a quote, and for
 * one in three a checkout that validates and consumes it) and market data batches, plus price
 * streams that read as fast as they can, and one slow stream that reads a few updates a second so
 * that conflation shows.
 */
public final class PricingLoad implements AutoCloseable
{
    private static final int STREAMS = 12;
    /** Moves of EUR/USD in the volatile burst: each moves every dollar price of the tenant. */
    private static final int BURST = 60;
    private static final int STREAM_SKUS = 25;
    private static final int SLOW_READS_PER_SECOND = 2;
    /** The slow reader's HTTP/2 window: small, so that gRPC's flow control holds the engine back soon. */
    private static final int SLOW_WINDOW_BYTES = 16 * 1024;

    private final PricingGrpc.PricingStub stub;
    private final ManagedChannel slowChannel;
    private final PricingTraffic traffic;
    private final Semaphore window;
    private final Recorder quoteLatency = new Recorder(3);
    private final Recorder validateLatency = new Recorder(3);
    private final LongAdder quotes = new LongAdder();
    private final LongAdder validations = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder pricesMoved = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder overloaded = new LongAdder();
    private final LongAdder streamed = new LongAdder();
    private final Map<QuoteStatus, LongAdder> statuses = new EnumMap<>(QuoteStatus.class);
    private final List<ClientCallStreamObserver<StreamPricesRequest>> streams = new ArrayList<>();
    private final ScheduledExecutorService slowReader = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "demo-slow-reader");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread driver;
    private final Histogram quoteHistogram = new Histogram(3);
    private final Histogram validateHistogram = new Histogram(3);
    private volatile boolean running = true;
    private long slowDelivered;
    private long correlation;

    /**
     * @param port the engine's gRPC port, for the slow reader's own connection.
     */
    public PricingLoad(final ManagedChannel channel, final String host, final int port, final PricingTraffic traffic, final int inFlight)
    {
        this.stub = PricingGrpc.newStub(channel);
        this.slowChannel = NettyChannelBuilder.forAddress(host, port).usePlaintext().flowControlWindow(SLOW_WINDOW_BYTES).build();
        this.traffic = traffic;
        this.window = new Semaphore(inFlight);
        for (final QuoteStatus status : QuoteStatus.values())
        {
            statuses.put(status, new LongAdder());
        }
        driver = new Thread(this::drive, "demo-pricing");
        driver.setDaemon(true);
    }

    /**
     * Opens the streams and starts the loop.
     */
    public void start()
    {
        for (int i = 0; i < STREAMS; i++)
        {
            open(i, false);
        }
        open(STREAMS, true);
        driver.start();
    }

    /**
     * Forgets what was counted so far: the end of the warm-up.
     */
    public void reset()
    {
        for (final LongAdder counter : new LongAdder[] {quotes, validations, batches, pricesMoved, failed, overloaded, streamed})
        {
            counter.reset();
        }
        statuses.values().forEach(LongAdder::reset);
        quoteLatency.reset();
        validateLatency.reset();
        synchronized (this)
        {
            slowDelivered = 0;
        }
    }

    /**
     * A volatile minute compressed: EUR/USD jumps back and forth {@link #BURST} times for the slow
     * reader's tenant, each jump moving all its dollar prices, faster than it reads them.
     */
    public void burst() throws InterruptedException
    {
        final Semaphore done = new Semaphore(0);
        for (int i = 0; i < BURST; i++)
        {
            stub.publishMarketData(traffic.usdJump(1, i % 2 == 0 ? 0.02 : -0.02), new StreamObserver<>()
            {
                @Override
                public void onNext(final MarketDataReply reply)
                {
                    pricesMoved.add(reply.getPricesMoved());
                }

                @Override
                public void onError(final Throwable failure)
                {
                    done.release();
                }

                @Override
                public void onCompleted()
                {
                    done.release();
                }
            });
        }
        done.acquire(BURST);
    }

    /**
     * Stops the loop and waits for the flows in flight.
     */
    public void stop() throws InterruptedException
    {
        running = false;
        driver.join(TimeUnit.SECONDS.toMillis(10));
        quoteHistogram.add(quoteLatency.getIntervalHistogram());
        validateHistogram.add(validateLatency.getIntervalHistogram());
    }

    @Override
    public void close()
    {
        streams.forEach(stream -> stream.cancel("demo over", null));
        slowReader.shutdownNow();
        slowChannel.shutdownNow();
    }

    /**
     * @param slow the engine's side of the slow reader's stream, or null if it is gone.
     */
    public String summary(final int seconds, final PriceSubscriber slow)
    {
        final long validated = Math.max(1, validations.sum());
        final StringBuilder text = new StringBuilder(String.format(
            "pricing: %,d quotes (%,.0f/s), p50 %,.0f us p99 %,.0f us; %,d checkouts validated (p99 %,.0f us):",
            quotes.sum(), quotes.sum() / (double)seconds, DemoLoad.micros(quoteHistogram.getValueAtPercentile(50)),
            DemoLoad.micros(quoteHistogram.getValueAtPercentile(99)), validations.sum(),
            DemoLoad.micros(validateHistogram.getValueAtPercentile(99))));
        for (final QuoteStatus status : new QuoteStatus[] {QuoteStatus.QUOTE_STATUS_HONOURED, QuoteStatus.QUOTE_STATUS_MISMATCH,
            QuoteStatus.QUOTE_STATUS_ALREADY_USED, QuoteStatus.QUOTE_STATUS_EXPIRED})
        {
            text.append(String.format(" %s %.1f%%", status.name().substring("QUOTE_STATUS_".length()).toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' '), 100.0 * statuses.get(status).sum() / validated));
        }
        text.append(String.format("; %,d market batches moved %,d streamed prices (refused %,d, overloaded %,d)",
            batches.sum(), pricesMoved.sum(), failed.sum(), overloaded.sum()));
        synchronized (this)
        {
            text.append(String.format("%nstreams: %d streams of %d SKUs got %,d price updates; a slow reader of all %d SKUs in USD "
                + "(%d a second, a 16 KiB window) read %,d through a burst of %d EUR/USD jumps", STREAMS, STREAM_SKUS, streamed.sum(),
                traffic.skuCount(), SLOW_READS_PER_SECOND, slowDelivered, BURST));
        }
        if (slow != null)
        {
            text.append(String.format(": the engine handed gRPC %,d while flow control let it, conflated %,d, and holds %d "
                + "(at most one per SKU)", slow.delivered(), slow.conflated(), slow.pending()));
        }
        return text.toString();
    }

    private void drive()
    {
        try
        {
            while (running)
            {
                window.acquire();
                if (++correlation % 8 == 0)
                {
                    market();
                }
                else
                {
                    quote(traffic.quote(correlation));
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void quote(final QuoteRequest request)
    {
        final long sentAt = System.nanoTime();
        stub.quote(request, new Reply<>()
        {
            @Override
            public void onNext(final QuoteReply reply)
            {
                quoteLatency.recordValue(System.nanoTime() - sentAt);
                quotes.increment();
                if (reply.getQuoteId().hashCode() % 3 == 0)
                {
                    followUp = () -> checkout(request, reply);
                }
            }
        });
    }

    private void checkout(final QuoteRequest request, final QuoteReply quote)
    {
        final long sentAt = System.nanoTime();
        // One shopper in a hundred changes the quantity at checkout.
        final long quantity = quote.getQuoteId().hashCode() % 100 == 0 ? quote.getQuantity() + 1 : quote.getQuantity();
        stub.validateQuote(ValidateQuoteRequest.newBuilder()
            .setTenantId(request.getTenantId())
            .setQuoteId(quote.getQuoteId())
            .setSku(quote.getSku())
            .setQuantity(quantity)
            .setCurrency(quote.getCurrency())
            .setConsume(true)
            .build(), new Reply<>()
            {
                @Override
                public void onNext(final ValidateQuoteReply reply)
                {
                    validateLatency.recordValue(System.nanoTime() - sentAt);
                    validations.increment();
                    statuses.get(reply.getStatus()).increment();
                }
            });
    }

    private void market()
    {
        stub.publishMarketData(traffic.market(traffic.tenant()), new Reply<>()
        {
            @Override
            public void onNext(final MarketDataReply reply)
            {
                batches.increment();
                pricesMoved.add(reply.getPricesMoved());
            }
        });
    }

    private void open(final int index, final boolean slow)
    {
        // The slow reader follows every SKU in dollars, so every EUR/USD move moves all its prices.
        final StreamPricesRequest request = StreamPricesRequest.newBuilder()
            .setTenantId(1 + index % 4)
            .setCurrency(slow ? "USD" : traffic.streamCurrency(index))
            .addAllSkus(traffic.streamSkus(slow ? traffic.skuCount() : STREAM_SKUS))
            .build();
        final PricingGrpc.PricingStub streamStub = slow ? PricingGrpc.newStub(slowChannel) : stub;
        streamStub.streamPrices(request, new ClientResponseObserver<StreamPricesRequest, PriceUpdate>()
        {
            @Override
            public void beforeStart(final ClientCallStreamObserver<StreamPricesRequest> call)
            {
                synchronized (streams)
                {
                    streams.add(call);
                }
                if (slow)
                {
                    call.disableAutoRequestWithInitial(1);
                    // Starting after the call has: a scheduled task that throws is never run again.
                    final long period = 1000 / SLOW_READS_PER_SECOND;
                    slowReader.scheduleAtFixedRate(() -> call.request(1), period, period, TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onNext(final PriceUpdate update)
            {
                if (slow)
                {
                    synchronized (PricingLoad.this)
                    {
                        slowDelivered++;
                    }
                }
                else
                {
                    streamed.increment();
                }
            }

            @Override
            public void onError(final Throwable failure)
            {
                if (running)
                {
                    System.err.println("price stream " + index + " ended: " + Status.fromThrowable(failure));
                }
            }

            @Override
            public void onCompleted()
            {
            }
        });
    }

    /**
     * One call of a flow; the flow's window permit is released when the flow ends.
     */
    private abstract class Reply<T> implements StreamObserver<T>
    {
        Runnable followUp;

        @Override
        public void onError(final Throwable failure)
        {
            if (Status.fromThrowable(failure).getCode() == Status.Code.RESOURCE_EXHAUSTED)
            {
                overloaded.increment();
            }
            else
            {
                failed.increment();
            }
            window.release();
        }

        @Override
        public void onCompleted()
        {
            if (followUp == null)
            {
                window.release();
            }
            else
            {
                followUp.run();
            }
        }
    }
}
