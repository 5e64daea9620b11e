package io.hotpath.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The outbox releases what a command staged, in order, up to its engine sequence and no further,
 * including when the staged messages straddle the point where the ring wraps.
 */
class ShardOutboxTest
{
    @Test
    void shouldReleaseEveryMessageUpToTheLimitAcrossTheRingsWrap()
    {
        final ShardOutbox outbox = new ShardOutbox(1024);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[40]);
        final List<Long> released = new ArrayList<>();
        final OutboxHandler handler = (engineSequence, buffer, offset, length) -> released.add(engineSequence);
        long sequence = 0;
        // Records of 56 bytes do not divide 1,024: over many rounds the ring wraps with padding at every
        // possible distance from its end, and each round's messages must all come out in one release.
        for (int round = 0; round < 200; round++)
        {
            released.clear();
            final long command = ++sequence;
            for (int i = 0; i < 7; i++)
            {
                message.putInt(0, i);
                outbox.stage(command, message, 0, message.capacity());
            }
            outbox.stage(command + 1, message, 0, message.capacity());
            assertThat(outbox.release(command, handler)).as("round %d", round).isEqualTo(7);
            assertThat(released).containsOnly(command).hasSize(7);
            released.clear();
            assertThat(outbox.release(++sequence, handler)).isEqualTo(1);
            assertThat(outbox.size()).isZero();
        }
    }
}
