package io.hotpath.fraud.velocity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.testing.AllocationMeter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VelocityStoreTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long T0 = 1_800_000_000L * SECOND;

    private final VelocityStore store = new VelocityStore(64);

    @Test
    void shouldCountAndSumPerKeyOverEachWindowOnCommandTime()
    {
        store.record(VelocityKey.CARD, 1, 1_000, 1, T0);
        store.record(VelocityKey.CARD, 1, 2_500, 1, T0 + 10 * SECOND);
        store.record(VelocityKey.CARD, 2, 9_999, 2, T0 + 10 * SECOND);

        assertThat(store.count(VelocityKey.CARD, 1, VelocityWindow.HOUR, T0 + 20 * SECOND)).isEqualTo(2);
        assertThat(store.amount(VelocityKey.CARD, 1, VelocityWindow.DAY, T0 + 20 * SECOND)).isEqualTo(3_500);
        assertThat(store.count(VelocityKey.CARD, 2, VelocityWindow.DAY, T0 + 20 * SECOND)).isEqualTo(1);
        assertThat(store.count(VelocityKey.EMAIL, 1, VelocityWindow.DAY, T0 + 20 * SECOND)).as("keys are per type").isZero();
    }

    @Test
    void shouldSlideEachWindowOnCommandTime()
    {
        store.record(VelocityKey.CARD, 7, 100, 7, T0);

        assertThat(store.count(VelocityKey.CARD, 7, VelocityWindow.HOUR, T0 + 2 * MINUTE)).isEqualTo(1);
        assertThat(store.count(VelocityKey.CARD, 7, VelocityWindow.HOUR, T0 + 2 * HOUR)).isZero();
        assertThat(store.count(VelocityKey.CARD, 7, VelocityWindow.DAY, T0 + 23 * HOUR)).isEqualTo(1);
        assertThat(store.count(VelocityKey.CARD, 7, VelocityWindow.DAY, T0 + 25 * HOUR)).isZero();
    }

    @Test
    void shouldReuseABucketForItsNextEpochWithoutCarryingOldCounts()
    {
        store.record(VelocityKey.BIN, 3, 100, 1, T0);
        store.record(VelocityKey.BIN, 3, 100, 1, T0 + HOUR);

        assertThat(store.count(VelocityKey.BIN, 3, VelocityWindow.HOUR, T0 + HOUR)).isEqualTo(1);
        assertThat(store.count(VelocityKey.CARD, 3, VelocityWindow.DAY, T0 + HOUR)).as("keys are per type").isZero();
    }

    @Test
    void shouldKeepOnlyTheWindowsAndCardsAFeatureReads()
    {
        store.record(VelocityKey.DEVICE, 5, 100, 1, T0);
        store.record(VelocityKey.CARD, 5, 100, 2, T0);

        assertThatThrownBy(() -> store.count(VelocityKey.DEVICE, 5, VelocityWindow.HOUR, T0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("velocity key DEVICE keeps no HOUR window");
        assertThatThrownBy(() -> store.amount(VelocityKey.BIN, 5, VelocityWindow.DAY, T0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("velocity key BIN keeps no DAY window");
        assertThat(store.distinctCards(VelocityKey.DEVICE, 5, VelocityWindow.DAY, T0)).isEqualTo(1);
        assertThat(store.distinctCards(VelocityKey.CARD, 5, VelocityWindow.DAY, T0)).as("a card's cards are not kept").isZero();
    }

    @Test
    void shouldRecordIntoTheSlotFoundForTheKeyOrFindItAgainWhenAnotherKeyTookIt()
    {
        final VelocityStore small = new VelocityStore(2);
        small.record(VelocityKey.CARD, 1, 100, 1, T0);
        small.record(VelocityKey.CARD, 2, 100, 2, T0);
        final int slotOfOne = small.find(VelocityKey.CARD, 1);
        final long movesAtFind = small.moves();
        small.record(slotOfOne, movesAtFind, VelocityKey.CARD, 1, 50, 1, T0);
        assertThat(small.amount(VelocityKey.CARD, 1, VelocityWindow.DAY, T0)).as("recorded into the slot found").isEqualTo(150);
        small.record(VelocityKey.CARD, 3, 100, 3, T0);
        assertThat(small.find(VelocityKey.CARD, 1)).as("evicted for card 3").isEqualTo(-1);
        assertThat(small.moves()).isNotEqualTo(movesAtFind);

        small.record(slotOfOne, movesAtFind, VelocityKey.CARD, 1, 700, 1, T0 + SECOND);

        assertThat(small.amount(VelocityKey.CARD, 1, VelocityWindow.DAY, T0 + SECOND)).isEqualTo(700);
        assertThat(small.amount(VelocityKey.CARD, 3, VelocityWindow.DAY, T0 + SECOND) + small.amount(VelocityKey.CARD, 2,
            VelocityWindow.DAY, T0 + SECOND)).as("the card that held the slot is evicted, its counts are not added to").isEqualTo(100);
    }

    @Test
    void shouldCountDistinctCardsPerKeyAndSaturate()
    {
        for (long card = 1; card <= 5; card++)
        {
            store.record(VelocityKey.DEVICE, 9, 100, card, T0 + card * SECOND);
            store.record(VelocityKey.DEVICE, 9, 100, card, T0 + card * SECOND);
        }
        assertThat(store.distinctCards(VelocityKey.DEVICE, 9, VelocityWindow.HOUR, T0 + MINUTE)).isEqualTo(5);
        assertThat(store.distinctCards(VelocityKey.DEVICE, 9, VelocityWindow.MINUTE, T0 + 63 * SECOND + 500_000_000))
            .as("cards 1 to 3 last seen over a minute ago").isEqualTo(2);

        for (long card = 100; card < 140; card++)
        {
            store.record(VelocityKey.IP, 1, 100, card, T0 + card);
        }
        assertThat(store.distinctCards(VelocityKey.IP, 1, VelocityWindow.HOUR, T0 + SECOND)).isEqualTo(VelocityStore.DISTINCT_CARDS);
    }

    @Test
    void shouldStayWithinItsCapacityEvictingTheOldestKeys()
    {
        for (long key = 0; key < 200; key++)
        {
            store.record(VelocityKey.CARD, key, 100, 0, T0);
        }
        assertThat(store.evictions()).isEqualTo(200 - 64);
        assertThat(store.count(VelocityKey.CARD, 199, VelocityWindow.DAY, T0)).isEqualTo(1);
        assertThat(store.count(VelocityKey.CARD, 0, VelocityWindow.DAY, T0)).isZero();
    }

    @Test
    void shouldNotReadAKeysOldSlotOnceAnotherKeyTookIt()
    {
        final VelocityStore small = new VelocityStore(2);
        small.record(VelocityKey.CARD, 1, 100, 0, T0);
        assertThat(small.count(VelocityKey.CARD, 1, VelocityWindow.DAY, T0)).as("remembered").isEqualTo(1);
        small.record(VelocityKey.CARD, 2, 100, 0, T0);
        small.record(VelocityKey.CARD, 3, 700, 0, T0);
        small.record(VelocityKey.CARD, 3, 700, 0, T0);

        assertThat(small.evictions()).isEqualTo(1);
        assertThat(small.count(VelocityKey.CARD, 1, VelocityWindow.DAY, T0)).as("evicted, its slot now key 3's").isZero();
        assertThat(small.amount(VelocityKey.CARD, 3, VelocityWindow.DAY, T0)).isEqualTo(1_400);
        small.record(VelocityKey.CARD, 1, 100, 0, T0);
        assertThat(small.count(VelocityKey.CARD, 1, VelocityWindow.DAY, T0)).as("counted afresh").isEqualTo(1);
        assertThat(small.count(VelocityKey.CARD, 2, VelocityWindow.DAY, T0)).as("evicted in turn").isZero();
    }

    @Test
    void shouldNotCountAnEventOlderThanItsWindow()
    {
        store.record(VelocityKey.CARD, 411111, 100, 1, T0 + 2 * HOUR);
        store.record(VelocityKey.CARD, 411111, 100, 1, T0);

        assertThat(store.count(VelocityKey.CARD, 411111, VelocityWindow.HOUR, T0 + 2 * HOUR)).isEqualTo(1);
        assertThat(store.count(VelocityKey.CARD, 411111, VelocityWindow.DAY, T0 + 2 * HOUR)).isEqualTo(2);
    }

    @Test
    void shouldStartASlotAfreshWhenAKeyOfAnotherTypeTakesIt()
    {
        final VelocityStore one = new VelocityStore(1);
        for (long card = 1; card <= 3; card++)
        {
            one.record(VelocityKey.DEVICE, 5, 100, card, T0 + card * SECOND);
        }
        one.record(VelocityKey.CARD, 7, 250, 7, T0 + 10 * SECOND);

        assertThat(one.find(VelocityKey.DEVICE, 5)).as("evicted for card 7").isEqualTo(-1);
        assertThat(one.count(VelocityKey.CARD, 7, VelocityWindow.HOUR, T0 + 10 * SECOND)).isEqualTo(1);
        assertThat(one.amount(VelocityKey.CARD, 7, VelocityWindow.DAY, T0 + 10 * SECOND)).isEqualTo(250);

        one.record(VelocityKey.DEVICE, 6, 100, 9, T0 + 20 * SECOND);
        final int slot = one.find(VelocityKey.DEVICE, 6);
        assertThat(one.distinctCardsInSlot(VelocityKey.DEVICE, slot, VelocityWindow.DAY, T0 + 20 * SECOND))
            .as("the card's windows are not read as cards").isEqualTo(1);
        assertThat(one.hasCardInSlot(VelocityKey.DEVICE, slot, 1, VelocityWindow.DAY, T0 + 20 * SECOND))
            .as("nor the cards of the device before it").isFalse();
        assertThat(one.countInSlot(VelocityKey.DEVICE, slot, VelocityWindow.HOUR, T0 + 20 * SECOND))
            .as("a window the type does not keep reads 0").isZero();
    }

    @Test
    void shouldGiveEachKeyTheLongestTypesLayoutOnly()
    {
        final VelocityStore two = new VelocityStore(2);
        two.record(VelocityKey.BIN, 1, 100, 1, T0);
        final long oneKey = two.encodedBytes();
        two.record(VelocityKey.CARD, 1, 100, 1, T0);

        final int cardLayout = 3 * 2 + 3 * (12 + 24);
        assertThat(two.encodedBytes() - oneKey).as("a row (slot number, key, a card's hour and day), less the free slot taken")
            .isEqualTo(Integer.BYTES + Long.BYTES + cardLayout * Long.BYTES - Integer.BYTES);
    }

    @Test
    void shouldChangeNothingByTouchingASlotWhateverTheTime()
    {
        final VelocityStore touched = new VelocityStore(64);
        final long[] times = {T0 - 30 * HOUR, T0, T0 + 59 * SECOND, T0 + 2 * HOUR, T0 + 400 * HOUR, -5 * HOUR};
        long sink = 0;
        for (int i = 0; i < 200; i++)
        {
            final long now = T0 + i * 7 * MINUTE;
            for (final VelocityKey type : VelocityKey.values())
            {
                store.record(type, i % 80, i, 1 + i % 23, now);
                touched.record(type, i % 80, i, 1 + i % 23, now);
                for (final long time : times)
                {
                    sink ^= touched.touch(type, touched.find(type, i % 50), time);
                }
                assertThat(touched.touch(type, -1, now)).as("a key the store does not hold").isZero();
            }
        }
        assertThat(hash(touched)).as("state after touching, against the same records untouched (sink %d)", sink).isEqualTo(hash(store));
        for (final VelocityKey type : VelocityKey.values())
        {
            for (int key = 0; key < 80; key++)
            {
                final long now = T0 + 200 * 7 * MINUTE;
                assertThat(touched.distinctCards(type, key, VelocityWindow.DAY, now))
                    .isEqualTo(store.distinctCards(type, key, VelocityWindow.DAY, now));
            }
        }
    }

    private static long hash(final VelocityStore velocity)
    {
        final Fnv1a64 hasher = new Fnv1a64();
        velocity.hashInto(hasher);
        return hasher.hash();
    }

    @Test
    void shouldAllocateNothingToUpdateAndRead()
    {
        final VelocityStore big = new VelocityStore(1024);
        final long[] sink = new long[1];
        final long[] clock = {T0};
        final long[] rounds = AllocationMeter.rounds(() ->
        {
            for (int i = 0; i < 200_000; i++)
            {
                final long now = clock[0] += 10_000_000L;
                final int slot = big.find(VelocityKey.CARD, i % 500);
                sink[0] ^= big.touch(VelocityKey.CARD, slot, now);
                sink[0] += big.countInSlot(VelocityKey.CARD, slot, VelocityWindow.HOUR, now)
                    + big.amountInSlot(VelocityKey.CARD, slot, VelocityWindow.DAY, now)
                    + big.distinctCards(VelocityKey.DEVICE, i % 500, VelocityWindow.MINUTE, now);
                big.record(slot, big.moves(), VelocityKey.CARD, i % 500, i, i % 37, now);
                big.record(VelocityKey.DEVICE, i % 500, i, i % 37, now);
            }
        });
        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
        assertThat(sink[0]).isPositive();
    }
}
