package io.hotpath.routing.state;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.sbe.BreakerState;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.state.SlotTable;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import io.hotpath.routing.config.HealthSettings;
import java.util.Arrays;

/**
 * A circuit breaker per (tenant, processor), on command time.
 *
 * <pre>
 *   CLOSED --(error, timeout or decline share over the window at or above its limit,
 *             with at least min-calls outcomes)--> OPEN
 *   OPEN   --(open-for elapsed, seen at the next route or outcome)--> HALF_OPEN
 *   HALF_OPEN: offered to probe-share of payments;
 *             an error or timeout --> OPEN;  probes-to-close answers --> CLOSED
 *
 *   slot layout (longs): [ state, opened at, probes ][ epoch ] x B [ total, errors, timeouts, declines ] x B
 * </pre>
 *
 * An answer slower than {@code slow-call} counts as a timeout, whatever it was.
 *
 * The window is B time buckets, bucket {@code t / (window / B) mod B}, each stamped with its epoch
 * ({@code t / (window / B)}) so a stale bucket is reset when reused.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing after construction.
 */
public final class CircuitBreakers
{
    /** Most buckets a window may have. */
    public static final int MAX_BUCKETS = 20;
    private static final int STATE = 0;
    private static final int OPENED_AT = 1;
    private static final int PROBES = 2;
    private static final int EPOCHS = 3;
    private static final int COUNTS = EPOCHS + MAX_BUCKETS;
    private static final int STRIDE = COUNTS + 4 * MAX_BUCKETS;

    private static final int CLOSED = BreakerState.CLOSED.value();
    private static final int OPEN = BreakerState.OPEN.value();
    private static final int HALF_OPEN = BreakerState.HALF_OPEN.value();

    private final SlotTable table;
    private final long[] data;

    public CircuitBreakers(final int capacity)
    {
        table = new SlotTable(capacity);
        data = new long[capacity * STRIDE];
    }

    /**
     * @return the breaker's state at command time {@code now}, moving OPEN to HALF_OPEN when its time is up.
     */
    public BreakerState state(final long key, final HealthSettings settings, final long now)
    {
        final int slot = table.find(key);
        if (slot < 0)
        {
            return BreakerState.CLOSED;
        }
        final int base = slot * STRIDE;
        advance(base, settings, now);
        return BreakerState.get((short)data[base + STATE]);
    }

    /**
     * Counts one outcome of the processor, with its latency, at command time {@code now} and moves the breaker.
     *
     * @return the state after the outcome.
     */
    public BreakerState record(
        final long key, final HealthSettings settings, final Outcome reported, final long latencyMicros, final long now)
    {
        final Outcome outcome = settings.slowCallMicros() > 0 && latencyMicros >= settings.slowCallMicros() && reported != Outcome.ERROR
            ? Outcome.TIMEOUT : reported;
        final int slot = table.acquire(key);
        final int base = slot * STRIDE;
        if (table.acquiredNew())
        {
            Arrays.fill(data, base, base + STRIDE, 0);
        }
        advance(base, settings, now);
        final boolean failure = outcome == Outcome.ERROR || outcome == Outcome.TIMEOUT;
        final long state = data[base + STATE];
        if (state == HALF_OPEN)
        {
            if (failure)
            {
                open(base, now);
            }
            else if (++data[base + PROBES] >= settings.probesToClose())
            {
                data[base + STATE] = CLOSED;
                Arrays.fill(data, base + EPOCHS, base + STRIDE, 0);
            }
        }
        else if (state == CLOSED)
        {
            count(base, settings, outcome, now);
            if (tripped(base, settings, now))
            {
                open(base, now);
            }
        }
        return BreakerState.get((short)data[base + STATE]);
    }

    /**
     * Writes every slot as it is, for a snapshot.
     */
    public void writeState(final StateWriter out)
    {
        table.writeState(out, data, STRIDE);
    }

    /**
     * @return the bytes {@link #writeState} writes now.
     */
    public long encodedBytes()
    {
        return table.encodedBytes(STRIDE);
    }

    /**
     * Replaces every slot with what {@link #writeState} wrote.
     */
    public void readState(final StateReader in)
    {
        table.readState(in, data, STRIDE);
    }

    public void hashInto(final Fnv1a64 hasher)
    {
        StateHashing.hashSlots(table, data, STRIDE, hasher);
    }

    private void advance(final int base, final HealthSettings settings, final long now)
    {
        if (data[base + STATE] == OPEN && now - data[base + OPENED_AT] >= settings.openNanos())
        {
            data[base + STATE] = HALF_OPEN;
            data[base + PROBES] = 0;
        }
    }

    private void open(final int base, final long now)
    {
        data[base + STATE] = OPEN;
        data[base + OPENED_AT] = now;
        data[base + PROBES] = 0;
    }

    private void count(final int base, final HealthSettings settings, final Outcome outcome, final long now)
    {
        final long bucketNanos = Math.max(1, settings.windowNanos() / settings.buckets());
        final long epoch = Math.floorDiv(now, bucketNanos);
        final int bucket = (int)Math.floorMod(epoch, (long)settings.buckets());
        final int counts = base + COUNTS + bucket * 4;
        if (data[base + EPOCHS + bucket] != epoch)
        {
            data[base + EPOCHS + bucket] = epoch;
            Arrays.fill(data, counts, counts + 4, 0);
        }
        data[counts]++;
        if (outcome == Outcome.ERROR)
        {
            data[counts + 1]++;
        }
        else if (outcome == Outcome.TIMEOUT)
        {
            data[counts + 2]++;
        }
        else if (outcome == Outcome.SOFT_DECLINE || outcome == Outcome.HARD_DECLINE)
        {
            data[counts + 3]++;
        }
    }

    private boolean tripped(final int base, final HealthSettings settings, final long now)
    {
        final long bucketNanos = Math.max(1, settings.windowNanos() / settings.buckets());
        final long epoch = Math.floorDiv(now, bucketNanos);
        long total = 0;
        long errors = 0;
        long timeouts = 0;
        long declines = 0;
        for (int bucket = 0; bucket < settings.buckets(); bucket++)
        {
            final long bucketEpoch = data[base + EPOCHS + bucket];
            if (epoch - bucketEpoch < settings.buckets())
            {
                final int counts = base + COUNTS + bucket * 4;
                total += data[counts];
                errors += data[counts + 1];
                timeouts += data[counts + 2];
                declines += data[counts + 3];
            }
        }
        return total >= settings.minCalls()
            && (atOrAbove(errors, total, settings.errorRatePpm())
            || atOrAbove(timeouts, total, settings.timeoutRatePpm())
            || atOrAbove(declines, total, settings.declineRatePpm()));
    }

    /**
     * A limit of 0 turns that trigger off.
     */
    private static boolean atOrAbove(final long count, final long total, final int limitPpm)
    {
        return limitPpm > 0 && count * 1_000_000 >= (long)limitPpm * total;
    }
}
