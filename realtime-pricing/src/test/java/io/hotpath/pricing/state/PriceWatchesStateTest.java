package io.hotpath.pricing.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.state.StateWriter;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

/**
 * A snapshot hashes the watches on one thread while another encodes them (the engine's {@code DomainHash}): both read
 * the subscriptions, and neither may disturb the other. Run side by side many times over, each gives what it gives
 * alone.
 */
class PriceWatchesStateTest
{
    private static final int SUBSCRIPTIONS = 20_000;
    private static final int ROUNDS = 1_000;

    @Test
    void shouldHashAndEncodeTheSameOnTwoThreadsAtOnceAsOneAtATime() throws Exception
    {
        final PriceWatches watches = new PriceWatches(1 << 16);
        for (int s = 1; s <= SUBSCRIPTIONS; s++)
        {
            final long tenant = s % 3 + 1;
            final int first = watches.follow(tenant, 1_000 + s, 978, 0, 0, 100 * s);
            final int second = watches.follow(tenant, 5_000 + s % 7, 840, 0, 0, 7);
            watches.addSubscription(10_000L * s, tenant, new int[] {first, second});
        }
        final long hash = hash(watches);
        final byte[] encoded = encode(watches);

        // Each thread at its own pace, so that over the rounds their passes over the subscriptions overlap at every offset.
        final ExecutorService other = Executors.newSingleThreadExecutor();
        try
        {
            final Future<Integer> hashes = other.submit(() ->
            {
                int wrong = 0;
                for (int round = 0; round < ROUNDS; round++)
                {
                    wrong += hashOrZero(watches) == hash ? 0 : 1;
                }
                return wrong;
            });
            int wrong = 0;
            for (int round = 0; round < ROUNDS; round++)
            {
                wrong += Arrays.equals(encodeOrEmpty(watches), encoded) ? 0 : 1;
            }
            assertThat(wrong).as("encodings that differ").isZero();
            assertThat(hashes.get(60, TimeUnit.SECONDS)).as("hashes that differ").isZero();
        }
        finally
        {
            other.shutdownNow();
        }
    }

    private static long hashOrZero(final PriceWatches watches)
    {
        try
        {
            return hash(watches);
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }

    private static byte[] encodeOrEmpty(final PriceWatches watches)
    {
        try
        {
            return encode(watches);
        }
        catch (final RuntimeException ex)
        {
            return new byte[0];
        }
    }

    private static long hash(final PriceWatches watches)
    {
        final Fnv1a64 hasher = new Fnv1a64();
        watches.hashInto(hasher);
        return hasher.hash();
    }

    private static byte[] encode(final PriceWatches watches)
    {
        final StateWriter out = new StateWriter(1 << 16).reset(0);
        watches.writeState(out);
        final DirectBuffer buffer = out.buffer();
        final byte[] bytes = new byte[out.position()];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
