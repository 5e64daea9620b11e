package io.hotpath.core.logic;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The idempotency cache answers a key with exactly the bytes stored for it, within the window and
 * the bounds, whatever the sizes of the results around it; restored from a snapshot, it answers
 * and gives way exactly as the original does.
 */
class IdempotencyCacheTest
{
    private static final long SECOND = 1_000_000_000L;

    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(8192);

    @Test
    void shouldAnswerWithTheStoredResultWithinTheWindowOnly()
    {
        final IdempotencyCache cache = new IdempotencyCache(new IdempotencyLimits(60 * SECOND, 16, 4096));
        cache.put(7, 0, result(1, 40), 40);

        assertThat(cache.find(7, 60 * SECOND, out)).isEqualTo(40);
        assertThat(Arrays.copyOf(out.byteArray(), 40)).isEqualTo(bytes(1, 40));
        assertThat(cache.find(7, 60 * SECOND + 1, out)).as("past the window").isEqualTo(-1);
        assertThat(cache.find(8, 0, out)).isEqualTo(-1);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheFirstResultOfAKey()
    {
        final IdempotencyCache cache = new IdempotencyCache(new IdempotencyLimits(60 * SECOND, 16, 4096));
        cache.put(7, 0, result(1, 40), 40);
        cache.put(7, 1, result(2, 50), 50);

        assertThat(cache.find(7, 2, out)).isEqualTo(40);
    }

    @Test
    void shouldGiveWayOldestFirstToStayWithinItsBounds()
    {
        final IdempotencyCache cache = new IdempotencyCache(new IdempotencyLimits(60 * SECOND, 3, 4096));
        for (long key = 1; key <= 4; key++)
        {
            cache.put(key, key, result((int)key, 100), 100);
        }
        assertThat(cache.find(1, 5, out)).as("the oldest gave way to the fourth").isEqualTo(-1);
        assertThat(cache.find(4, 5, out)).isEqualTo(100);
    }

    @Test
    void shouldNeverAnswerWithBytesOfAnotherResultAsTheRingWraps()
    {
        final IdempotencyLimits limits = new IdempotencyLimits(1_000 * SECOND, 64, 8192);
        final IdempotencyCache cache = new IdempotencyCache(limits);
        final Map<Long, byte[]> stored = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(11);
        int found = 0;
        for (long key = 1; key <= 20_000; key++)
        {
            final int length = 16 + random.nextInt(900);
            final byte[] result = bytes((int)key, length);
            cache.put(key, key, new UnsafeBuffer(result), length);
            stored.put(key, result);
            final long probe = Math.max(1, key - random.nextInt(80));
            final int answer = cache.find(probe, key, out);
            if (answer >= 0)
            {
                found++;
                assertThat(Arrays.copyOf(out.byteArray(), answer)).as("key %d", probe).isEqualTo(stored.get(probe));
            }
        }
        // 8 KiB holds about 17 results of 466 bytes on average; probes reach back 80 keys.
        assertThat(found).as("recent keys are still remembered").isGreaterThan(3_000);
    }

    @Test
    void shouldAnswerAndGiveWayAfterARestoreAsTheOriginalDoes()
    {
        final IdempotencyLimits limits = new IdempotencyLimits(1_000 * SECOND, 32, 4096);
        final IdempotencyCache original = new IdempotencyCache(limits);
        final SplittableRandom random = new SplittableRandom(5);
        for (long key = 1; key <= 100; key++)
        {
            final int length = 16 + random.nextInt(300);
            original.put(key, key, result((int)key, length), length);
        }
        final StateWriter writer = new StateWriter(1024);
        original.writeState(writer.reset(0));
        final IdempotencyCache restored = new IdempotencyCache(limits);
        restored.readState(new StateReader().wrap(writer.buffer(), 0, writer.position()));

        for (long key = 101; key <= 300; key++)
        {
            final int length = 16 + random.nextInt(300);
            original.put(key, key, result((int)key, length), length);
            restored.put(key, key, result((int)key, length), length);
            final Fnv1a64 a = new Fnv1a64();
            final Fnv1a64 b = new Fnv1a64();
            original.hashInto(a);
            restored.hashInto(b);
            assertThat(b.hash()).as("after key %d", key).isEqualTo(a.hash());
        }
    }

    @Test
    void shouldKnowTheBytesItsSnapshotTakesAsEntriesComeAndGiveWayAndAfterARestore()
    {
        final IdempotencyLimits limits = new IdempotencyLimits(50 * SECOND, 32, 4096);
        final IdempotencyCache cache = new IdempotencyCache(limits);
        final StateWriter writer = new StateWriter(1024);
        final SplittableRandom random = new SplittableRandom(17);
        cache.writeState(writer.reset(0));
        assertThat(cache.encodedBytes()).as("empty").isEqualTo(writer.position());
        for (long key = 1; key <= 2_000; key++)
        {
            final int length = 16 + random.nextInt(400);
            // Seconds apart, so that some give way to the window, others to the bounds.
            cache.put(key, key * SECOND, result((int)key, length), length);
            cache.writeState(writer.reset(0));
            assertThat(cache.encodedBytes()).as("after key %d", key).isEqualTo(writer.position());
        }
        final IdempotencyCache restored = new IdempotencyCache(limits);
        restored.readState(new StateReader().wrap(writer.buffer(), 0, writer.position()));
        assertThat(restored.encodedBytes()).as("restored").isEqualTo(writer.position());
    }

    private static UnsafeBuffer result(final int seed, final int length)
    {
        return new UnsafeBuffer(bytes(seed, length));
    }

    private static byte[] bytes(final int seed, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed * 31 + i);
        }
        return bytes;
    }
}
