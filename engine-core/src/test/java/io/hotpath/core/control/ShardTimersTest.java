package io.hotpath.core.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShardTimersTest
{
    @Test
    void shouldSpreadTheShardsFirstSnapshotsOverOneInterval()
    {
        final ShardTimers timers = new ShardTimers(Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(timers.firstSnapshotDelay(0, 4)).isEqualTo(Duration.ofSeconds(60));
        assertThat(timers.firstSnapshotDelay(1, 4)).isEqualTo(Duration.ofSeconds(75));
        assertThat(timers.firstSnapshotDelay(2, 4)).isEqualTo(Duration.ofSeconds(90));
        assertThat(timers.firstSnapshotDelay(3, 4)).isEqualTo(Duration.ofSeconds(105));
        assertThat(timers.firstSnapshotDelay(0, 1)).isEqualTo(Duration.ofSeconds(60));
    }
}
