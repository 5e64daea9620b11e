package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.state.StateWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SnapshotWriterTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheStateAsItWasWhenTakenEvenIfTheCallerReusesItsBuffer() throws Exception
    {
        final FileSnapshotStore store = new FileSnapshotStore(dir);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        try (SnapshotWriter writer = new SnapshotWriter(store, "test-snapshots"))
        {
            buffer.putStringWithoutLengthAscii(0, "first");
            assertThat(writer.write(1, 10, 111, buffer, 0, 5)).isTrue();
            buffer.putStringWithoutLengthAscii(0, "xxxxx");

            assertThat(writer.written(10).get(10, TimeUnit.SECONDS)).isTrue();
            final FileSnapshotStore.Snapshot written = store.latestValid().orElseThrow();
            assertThat(written.engineSequence()).isEqualTo(10);
            assertThat(written.stateHash()).isEqualTo(111);
            assertThat(new String(written.state(), StandardCharsets.US_ASCII)).isEqualTo("first");
            assertThat(writer.failures()).isZero();
        }
    }

    @Test
    void shouldStoreATakenArrayAsItIsAndGiveItBackOnlyOnceStoredAndLargeEnough() throws Exception
    {
        final FileSnapshotStore store = new FileSnapshotStore(dir);
        try (SnapshotWriter writer = new SnapshotWriter(store, "test-snapshots"))
        {
            assertThat(writer.takesArrays()).isTrue();
            assertThat(writer.spareArray(1)).as("nothing stored yet").isNull();
            final byte[] state = new byte[16];
            new UnsafeBuffer(state).putStringWithoutLengthAscii(0, "taken");
            assertThat(writer.take(1, 10, 111, state, 5)).isTrue();
            assertThat(writer.written(10).get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(store.latestValid().orElseThrow().state(), StandardCharsets.US_ASCII)).isEqualTo("taken");

            assertThat(writer.spareArray(17)).as("too small for what is asked").isNull();
            assertThat(writer.spareArray(16)).as("the same array, back").isSameAs(state);
            assertThat(writer.spareArray(1)).as("given back once").isNull();
        }
    }

    @Test
    void shouldMakeTheArrayASnapshotIsExpectedToNeedReadyOnTheWritingThreadUnlessOneIsOnItsWayBack() throws Exception
    {
        try (SnapshotWriter writer = new SnapshotWriter(new FileSnapshotStore(dir), "test-snapshots"))
        {
            writer.expect(1_000);
            awaitQueued(writer);
            final byte[] ready = writer.spareArray(1_000);
            assertThat(ready).as("made ready before the first snapshot").isNotNull();
            assertThat(ready.length).isEqualTo(StateWriter.withRoom(1_000));

            writer.expect(1_000);
            awaitQueued(writer);
            assertThat(writer.spareArray(1)).as("none made while the ready one is out being encoded into").isNull();
            writer.take(1, 10, 111, ready, 900);
            assertThat(writer.written(10).get(10, TimeUnit.SECONDS)).isTrue();
            writer.expect(1_000);
            awaitQueued(writer);
            assertThat(writer.spareArray(1_000)).as("the same one, back").isSameAs(ready);

            writer.take(2, 20, 222, ready, 900);
            writer.expect(4_000);
            awaitQueued(writer);
            final byte[] larger = writer.spareArray(4_000);
            assertThat(larger).as("a larger one for a state that grew, kept over the one given back").isNotNull().isNotSameAs(ready);
            assertThat(larger.length).isEqualTo(StateWriter.withRoom(4_000));
        }
    }

    /**
     * Returns once everything queued on the writing thread before it has run: the thread runs its tasks in order.
     */
    private static void awaitQueued(final SnapshotWriter writer) throws Exception
    {
        writer.written(-1).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldReplaceATakenArrayTheStateNearlyOutgrewOnTheWritingThread() throws Exception
    {
        try (SnapshotWriter writer = new SnapshotWriter(new FileSnapshotStore(dir), "test-snapshots"))
        {
            final byte[] tight = new byte[1_000];
            writer.take(1, 10, 111, tight, 900);
            assertThat(writer.written(10).get(10, TimeUnit.SECONDS)).isTrue();
            final byte[] grown = writer.spareArray(1_125);
            assertThat(grown).as("room for the quarter more the logic asks for").isNotNull().isNotSameAs(tight);
            assertThat(grown.length).isEqualTo(StateWriter.withRoom(900));

            final byte[] roomy = new byte[2_000];
            writer.take(2, 20, 222, roomy, 900);
            assertThat(writer.written(20).get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.spareArray(1_125)).as("room enough: kept").isSameAs(roomy);
        }
    }

    @Test
    void shouldReportTheNewestSnapshotsHoldOfTheLogicThread() throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        try (SnapshotWriter writer = new SnapshotWriter(new FileSnapshotStore(dir), "test-snapshots"))
        {
            assertThat(writer.lastHeldNanos()).as("before the first").isZero();
            writer.write(1, 10, 111, buffer, 0, 16);
            writer.held(10, 7_300_000);
            writer.write(2, 20, 222, buffer, 0, 16);
            writer.held(20, 2_100_000);
            assertThat(writer.lastHeldNanos()).isEqualTo(2_100_000);
            assertThat(writer.written(20).get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldWriteWhatIsQueuedBeforeClosing()
    {
        final FileSnapshotStore store = new FileSnapshotStore(dir);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 20]);
        try (SnapshotWriter writer = new SnapshotWriter(store, "test-snapshots"))
        {
            for (int i = 1; i <= 5; i++)
            {
                buffer.putInt(0, i);
                writer.write(i, i * 100L, i, buffer, 0, buffer.capacity());
            }
        }
        final FileSnapshotStore.Snapshot newest = store.latestValid().orElseThrow();
        assertThat(newest.engineSequence()).isEqualTo(500);
        assertThat(new UnsafeBuffer(newest.state()).getInt(0)).isEqualTo(5);
        assertThat(store.newestFirst()).hasSize(5);
    }

    @Test
    void shouldWriteEachStateWholeWhenItsArrayIsReusedForASmallerOne() throws Exception
    {
        assertBothWrittenWhole("a longer first state", "short");
    }

    @Test
    void shouldWriteAGrowingStateWholeInTheRoomLeftByTheOneBefore() throws Exception
    {
        assertThat(StateWriter.withRoom(20)).isEqualTo(30);
        assertThat(StateWriter.withRoom(Integer.MAX_VALUE - 100)).isEqualTo(Integer.MAX_VALUE - 8);
        assertBothWrittenWhole("twenty bytes of stat", "twenty-eight bytes of states");
    }

    /**
     * Writes two states one after the other through one buffer, the second into the array the first left.
     */
    private void assertBothWrittenWhole(final String first, final String second) throws Exception
    {
        final FileSnapshotStore store = new FileSnapshotStore(dir);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        try (SnapshotWriter writer = new SnapshotWriter(store, "test-snapshots"))
        {
            buffer.putStringWithoutLengthAscii(0, first);
            writer.write(1, 10, 1, buffer, 0, first.length());
            assertThat(writer.written(10).get(10, TimeUnit.SECONDS)).isTrue();
            buffer.putStringWithoutLengthAscii(0, second);
            writer.write(2, 20, 2, buffer, 0, second.length());
            assertThat(writer.written(20).get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(new String(store.latestValid().orElseThrow().state(), StandardCharsets.US_ASCII)).isEqualTo(second);
        assertThat(new String(FileSnapshotStore.read(store.newestFirst().get(1)).orElseThrow().state(), StandardCharsets.US_ASCII))
            .isEqualTo(first);
    }

    @Test
    void shouldCountAndReportASnapshotThatCannotBeWritten() throws Exception
    {
        final Path notADirectory = Files.writeString(dir.resolve("a-file"), "in the way");
        try (SnapshotWriter writer = new SnapshotWriter(new FileSnapshotStore(notADirectory), "test-snapshots"))
        {
            assertThat(writer.write(1, 10, 111, new UnsafeBuffer(new byte[8]), 0, 8)).as("taken, whatever the disk does").isTrue();
            assertThat(writer.written(10).get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(writer.failures()).isEqualTo(1);
            assertThat(writer.write(2, 20, 222, new UnsafeBuffer(new byte[8]), 0, 8)).isTrue();
            assertThat(writer.written(20).get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(writer.failures()).isEqualTo(2);
        }
    }
}
