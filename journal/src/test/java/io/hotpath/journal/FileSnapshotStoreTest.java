package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTest
{
    @TempDir
    Path dir;

    @Test
    void shouldLoadTheNewestSnapshotWithItsHashAndState()
    {
        final FileSnapshotStore store = new FileSnapshotStore(dir);
        assertThat(store.latestValid()).isEmpty();
        assertThat(store.write(1, 10, 111, state("ten"), 0, 3)).isTrue();
        assertThat(store.write(2, 20, 222, state("twenty"), 0, 6)).isTrue();

        final FileSnapshotStore.Snapshot latest = store.latestValid().orElseThrow();
        assertThat(latest.snapshotId()).isEqualTo(2);
        assertThat(latest.engineSequence()).isEqualTo(20);
        assertThat(latest.stateHash()).isEqualTo(222);
        assertThat(new String(latest.state())).isEqualTo("twenty");
    }

    @Test
    void shouldFallBackToThePreviousSnapshotWhenTheNewestIsCorrupt() throws Exception
    {
        final FileSnapshotStore store = new FileSnapshotStore(dir);
        store.write(1, 10, 111, state("ten"), 0, 3);
        store.write(2, 20, 222, state("twenty"), 0, 6);
        final Path newest = store.latestValid().orElseThrow().file();
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(newest, bytes, StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(store.latestValid().orElseThrow().engineSequence()).isEqualTo(10);
    }

    @Test
    void shouldRejectATruncatedSnapshot() throws Exception
    {
        final FileSnapshotStore store = new FileSnapshotStore(dir);
        store.write(1, 10, 111, state("ten"), 0, 3);
        final Path file = store.latestValid().orElseThrow().file();
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 20), StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(FileSnapshotStore.read(file)).isEmpty();
        assertThat(store.latestValid()).isEmpty();
    }

    @Test
    void shouldWriteTheStateOfABufferThatWrapsPartOfAnArray()
    {
        final byte[] array = "..head..sliced-state..tail..".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final UnsafeBuffer view = new UnsafeBuffer(array, 8, 18);
        final FileSnapshotStore store = new FileSnapshotStore(dir);
        assertThat(store.write(1, 10, 111, view, 0, 12)).isTrue();
        assertThat(store.write(2, 20, 222, view, 7, 5)).isTrue();

        assertThat(new String(store.latestValid().orElseThrow().state(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("state");
        assertThat(new String(FileSnapshotStore.read(store.newestFirst().get(1)).orElseThrow().state(),
            java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("sliced-state");
    }

    private static UnsafeBuffer state(final String text)
    {
        return new UnsafeBuffer(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
