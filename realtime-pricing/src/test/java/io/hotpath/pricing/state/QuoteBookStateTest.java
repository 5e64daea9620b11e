package io.hotpath.pricing.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import org.junit.jupiter.api.Test;

/**
 * A quote book's snapshot bytes and state hash, with the ring wrapped past its end: the same as the quotes written and
 * hashed one at a time, oldest first, and read back into a book that then hashes and writes the same.
 */
class QuoteBookStateTest
{
    private static final int CAPACITY = 8;

    @Test
    void shouldWriteAndHashAWrappedRingOldestFirstAsOneQuoteAtATime()
    {
        final QuoteBook book = new QuoteBook(CAPACITY);
        // Quotes 1..6 expire at 100; 7..13 at 1,000. Adding 7..13 at time 200 clears 1..6, so the ring starts at slot 6 and
        // wraps: 7 and 8 at its end, 9..13 from slot 0.
        for (long id = 1; id <= 6; id++)
        {
            assertThat(book.add(id, 3, 40 + id, id, 978, 100 * id, 200 * id, 100, 0)).isTrue();
        }
        for (long id = 7; id <= 13; id++)
        {
            assertThat(book.add(id, 3, 40 + id, id, 840, 100 * id, 200 * id, 1_000, 200)).isTrue();
        }
        book.markUsed(book.find(9));
        assertThat(book.size()).isEqualTo(7);
        assertThat(book.find(7)).as("the ring wraps").isGreaterThan(book.find(13));

        final StateWriter written = new StateWriter(16).reset(0);
        book.writeState(written);
        assertThat((long)written.position()).isEqualTo(book.encodedBytes());

        final StateWriter expected = new StateWriter(16).reset(0).putInt(CAPACITY).putLong(0).putInt(7);
        long digest = 0;
        for (long id = 7; id <= 13; id++)
        {
            final boolean used = id == 9;
            expected.putLong(id).putLong(3).putLong(40 + id).putLong(id).putInt(840).putLong(100 * id).putLong(200 * id).putLong(1_000)
                .putBoolean(used);
            digest = StateHashing.chain(digest, new long[] {id, 3, 40 + id, id, 840, 100 * id, 200 * id, 1_000, used ? 1 : 0}, 0, 9);
        }
        assertThat(bytes(written)).isEqualTo(bytes(expected));
        assertThat(hash(book)).isEqualTo(new Fnv1a64().add(7).add(digest).hash());

        final QuoteBook restored = new QuoteBook(CAPACITY);
        restored.readState(new StateReader().wrap(written.buffer(), 0, written.position()));
        final StateWriter rewritten = new StateWriter(16).reset(0);
        restored.writeState(rewritten);
        assertThat(bytes(rewritten)).isEqualTo(bytes(written));
        assertThat(hash(restored)).isEqualTo(hash(book));
        assertThat(restored.used(restored.find(9))).isTrue();
    }

    private static long hash(final QuoteBook book)
    {
        final Fnv1a64 hasher = new Fnv1a64();
        book.hashInto(hasher);
        return hasher.hash();
    }

    private static byte[] bytes(final StateWriter writer)
    {
        final byte[] bytes = new byte[writer.position()];
        writer.buffer().getBytes(0, bytes);
        return bytes;
    }

    @Test
    void shouldWarmUpTheSnapshotCodeOnABookOfItsOwnTheSameWayEveryTime()
    {
        assertThat(QuoteBook.warmSnapshotCode()).isEqualTo(QuoteBook.warmSnapshotCode()).isNotZero();
    }
}
