package io.hotpath.bench;

import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.SnapshotSink;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.SnapshotTakenDecoder;
import io.hotpath.core.state.StateWriter;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.fraud.FraudLimits;
import io.hotpath.pricing.PricingLimits;
import io.hotpath.pricing.QuoteCommand;
import io.hotpath.server.ShardLogicFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one {@code TakeSnapshot} costs the shard's logic thread, the pause every command behind it waits out: the
 * engine's logic with every domain, its velocity store full (every key of {@link FraudLimits#DEFAULT_VELOCITY_KEYS} in
 * use) and {@value #QUOTES} live quotes (what {@code engine soak} sizes a shard's quote book to at 5,000 requests a
 * second), hashed, encoded and handed to a sink that takes the array and gives it back for the next snapshot, as
 * {@code SnapshotWriter} does once its own thread has written the file, and which lends the logic that thread, as the
 * writer does, to hash the domains on while the logic thread encodes them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SnapshotBenchmark
{
    /** Live quotes: the soak's quote book of a shard, full. */
    static final int QUOTES = 1 << 19;

    /**
     * Whether the sink lends the logic a thread of its own, as {@code SnapshotWriter} lends its writing thread: the domains
     * are hashed on it while the logic thread encodes them. {@code -p lendsThread=false}: both on the logic thread.
     */
    @Param({"true"})
    public boolean lendsThread;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private GivingBack sink;
    private ExampleStage stage;
    private long next;

    @Setup(Level.Trial)
    public void fill()
    {
        sink = new GivingBack(lendsThread);
        final PricingLimits defaults = PricingLimits.DEFAULTS;
        final PricingLimits limits = new PricingLimits(defaults.maxSkuSignals(), defaults.maxFxRates(), QUOTES, defaults.maxWatches(),
            defaults.maxSkusPerSubscription());
        stage = new ExampleStage(ShardLogicFactory.engine(16, limits).create(0, sink));
        final DecidePaymentCommand payment = ExampleStage.payment();
        // Six keys a payment, every one new: the store is full, and evicting, long before the end.
        for (long n = 1; n <= 2L * FraudLimits.DEFAULT_VELOCITY_KEYS; n++)
        {
            payment.paymentId = n;
            payment.correlationId = n;
            payment.ingressTime = 1_768_478_400_000_000_000L + n * 1_000_000L;
            payment.amount = 500 + n % 50_000;
            payment.bin = (int)(400_000 + n);
            payment.cardFingerprint = 0x5EED_0000L + n;
            payment.customerKey = 0xC057_0000L + n;
            payment.emailKey = 0xE3A1_0000L + n;
            payment.deviceKey = 0xDE71_0000L + n;
            payment.ipLow = 0xFFFF_0A00_0000L + n;
            stage.decide(payment);
        }
        stage.applyPricing();
        final QuoteCommand quote = new QuoteCommand();
        quote.tenantId = 1;
        quote.currency = CurrencyCodes.parse("EUR");
        quote.quantity = 2;
        // A quote every 100 µs of command time: all of them within the example's 10-minute TTL, so all live.
        for (int n = 0; n < QUOTES; n++)
        {
            quote.correlationId = n;
            quote.ingressTime = payment.ingressTime + n * 100_000L;
            quote.skuKey = n % 2 == 0 ? TextKeys.of("KETTLE") : TextKeys.of("PHONE-LITE");
            stage.decide(quote);
        }
        // As the engine does at its start when it snapshots periodically; and a tick, at which the sink makes an array ready.
        ShardLogicFactory.warmSnapshotCode();
        stage.decide(new ControlCommand.Tick());
        final long started = System.nanoTime();
        takeSnapshot();
        final long first = System.nanoTime() - started;
        takeSnapshot();
        System.out.printf("%nsnapshot state: %,d bytes; the first snapshot took %.1f ms, the second %.1f ms%n", sink.stateBytes,
            first / 1e6, (System.nanoTime() - started - first) / 1e6);
    }

    /**
     * Takes the encoded array and gives it back for the next snapshot, as {@code SnapshotWriter} does once its thread has
     * stored it, and makes one ready when a tick tells it the size, as the writer does on its thread: what the logic thread
     * pays is hashing and encoding.
     */
    private static final class GivingBack implements SnapshotSink
    {
        private final ExecutorService lent;
        private byte[] spare;
        private int stateBytes;

        GivingBack(final boolean lendsThread)
        {
            lent = lendsThread ? Executors.newSingleThreadExecutor(task ->
            {
                final Thread thread = new Thread(task, "snapshot-sink");
                thread.setDaemon(true);
                return thread;
            }) : null;
        }

        @Override
        public void runAside(final Runnable task)
        {
            if (lent != null)
            {
                lent.execute(task);
            }
        }

        void close()
        {
            if (lent != null)
            {
                lent.shutdownNow();
            }
        }

        @Override
        public boolean write(final long snapshotId, final long engineSequence, final long stateHash, final DirectBuffer state,
            final int offset, final int length)
        {
            throw new IllegalStateException("the logic copies no state to a sink that takes arrays");
        }

        @Override
        public boolean takesArrays()
        {
            return true;
        }

        @Override
        public boolean take(final long snapshotId, final long engineSequence, final long stateHash, final byte[] state, final int length)
        {
            spare = state;
            stateBytes = length;
            return true;
        }

        @Override
        public void expect(final long bytes)
        {
            if (spare == null || spare.length < bytes)
            {
                spare = new byte[StateWriter.withRoom(bytes)];
            }
        }

        @Override
        public byte[] spareArray(final long bytes)
        {
            final byte[] given = spare != null && spare.length >= bytes ? spare : null;
            spare = null;
            return given;
        }
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        sink.close();
    }

    @Benchmark
    public int takeSnapshot()
    {
        final int length = stage.decide(new ControlCommand.TakeSnapshot(++next));
        if (header.wrap(stage.result, 0).templateId() != SnapshotTakenDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("the snapshot was not taken");
        }
        return length;
    }
}
