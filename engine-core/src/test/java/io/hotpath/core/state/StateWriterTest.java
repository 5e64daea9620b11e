package io.hotpath.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class StateWriterTest
{
    @Test
    void shouldWriteARunOfLongsAsTheSameBytesAsOneLongAtATimeGrowingTheBufferOnTheWay()
    {
        final long[] values = new SplittableRandom(17).longs(5_000).toArray();
        values[3] = Long.MIN_VALUE;
        values[4] = -1;
        final StateWriter oneAtATime = new StateWriter(16).reset(0).putInt(7);
        final StateWriter inRuns = new StateWriter(16).reset(0).putInt(7);
        for (int from = 0; from < values.length; from += 185)
        {
            final int count = Math.min(185, values.length - from);
            for (int i = from; i < from + count; i++)
            {
                oneAtATime.putLong(values[i]);
            }
            inRuns.putLongs(values, from, count).putInt(from);
            oneAtATime.putInt(from);
        }

        assertThat(inRuns.position()).isEqualTo(oneAtATime.position()).isGreaterThan(values.length * Long.BYTES);
        final byte[] expected = new byte[oneAtATime.position()];
        final byte[] actual = new byte[inRuns.position()];
        oneAtATime.buffer().getBytes(0, expected);
        inRuns.buffer().getBytes(0, actual);
        assertThat(actual).isEqualTo(expected);

        final StateReader reader = new StateReader().wrap(inRuns.buffer(), 0, inRuns.position());
        assertThat(reader.getInt()).isEqualTo(7);
        assertThat(reader.getLong()).isEqualTo(values[0]);
    }

    @Test
    void shouldMakeRoomAheadWithoutMovingThePosition()
    {
        final StateWriter writer = new StateWriter(16).reset(0).putLong(42);
        assertThat(writer.reserve(1 << 20).position()).isEqualTo(Long.BYTES);
        assertThat(writer.buffer().capacity()).isGreaterThanOrEqualTo(Long.BYTES + (1 << 20));
        assertThat(writer.buffer().getLong(0)).isEqualTo(42);
        assertThatThrownBy(() -> writer.reserve(Integer.MAX_VALUE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseARunOutsideTheArrayAndWriteNothing()
    {
        final StateWriter writer = new StateWriter(64).reset(0);
        assertThatThrownBy(() -> writer.putLongs(new long[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> writer.putLongs(new long[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(writer.position()).isZero();
        assertThat(writer.putLongs(new long[4], 4, 0).position()).isZero();
    }

    @Test
    void shouldRestartWithRoomAheadReplacingAnArrayTooSmallAndKeepingOneLargeEnough()
    {
        final StateWriter writer = new StateWriter(16).reset(0).putLong(1).putLong(2);
        final byte[] small = writer.buffer().byteArray();

        writer.restart(1_000).putLong(3);
        assertThat(writer.buffer().byteArray()).as("too small: replaced").isNotSameAs(small);
        assertThat(writer.capacity()).isGreaterThanOrEqualTo(1_000).isEqualTo(writer.buffer().capacity());
        assertThat(writer.position()).isEqualTo(Long.BYTES);
        assertThat(writer.buffer().getLong(0)).isEqualTo(3);

        final byte[] large = writer.buffer().byteArray();
        writer.restart(800).putLong(4);
        assertThat(writer.buffer().byteArray()).as("large enough: kept").isSameAs(large);
        assertThat(writer.buffer().getLong(0)).isEqualTo(4);
        assertThatThrownBy(() -> writer.restart(Integer.MAX_VALUE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldHandItsArrayOverAndTakeAnOfferedOneWhenItNeedsOne()
    {
        final StateWriter writer = new StateWriter(64).reset(0).putLong(9).putBytes(new byte[] {1, 2, 3});
        final int written = writer.position();
        final byte[] handed = writer.handOver();
        assertThat(handed).hasSize(64);
        assertThat(new StateReader().wrap(new UnsafeBuffer(handed), 0, written).getLong()).isEqualTo(9);
        assertThat(writer.capacity()).as("holds none after").isZero();

        final byte[] offered = new byte[100];
        writer.restart(80, bytes -> new byte[10]).putLong(1);
        assertThat(writer.buffer().byteArray()).as("an offer too small is not taken").isNotSameAs(offered).hasSizeGreaterThanOrEqualTo(80);
        writer.handOver();
        writer.restart(80, bytes -> offered).putLong(2);
        assertThat(writer.buffer().byteArray()).isSameAs(offered);
        writer.restart(50, bytes -> new byte[200]).putLong(3);
        assertThat(writer.buffer().byteArray()).as("no offer taken while its own is large enough").isSameAs(offered);
        assertThat(writer.buffer().getLong(0)).isEqualTo(3);
    }

    @Test
    void shouldKeepWhatIsWrittenWhenAFieldOutgrowsTheArray()
    {
        final StateWriter writer = new StateWriter(6).reset(0).putInt(5).putLong(-2).putBytes(new byte[] {7, 8}, 1, 1).putBoolean(true);
        final StateReader reader = new StateReader().wrap(writer.buffer(), 0, writer.position());
        assertThat(reader.getInt()).isEqualTo(5);
        assertThat(reader.getLong()).isEqualTo(-2);
        assertThat(reader.getBytes()).containsExactly(8);
        assertThat(reader.getBoolean()).isTrue();
        assertThatThrownBy(() -> writer.putBytes(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldWarmUpOnItsOwnDataTheSameWayEveryTime()
    {
        assertThat(SnapshotWarmUp.run()).isEqualTo(SnapshotWarmUp.run()).isNotZero();
    }
}
