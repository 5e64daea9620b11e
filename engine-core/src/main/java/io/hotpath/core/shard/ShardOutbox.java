package io.hotpath.core.shard;

import io.hotpath.core.logic.Outbox;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A shard's outbox: a single-producer, single-consumer ring of bytes (Agrona's
 * {@link OneToOneRingBuffer}) from the logic thread to the egress thread.
 *
 * <pre>
 *   record:  | ring record header (8) | engineSequence (8) | message ... |
 * </pre>
 *
 * The logic stages messages tagged with the engine sequence of their command; egress, after
 * releasing the result of engine sequence {@code n}, drains every message tagged {@code <= n}, and
 * stops at the first later one. A full outbox makes the logic wait (parking a microsecond at a
 * time): egress drains it whatever the logic does, and {@link #minimumCapacity} makes room for
 * everything one command can stage, so the wait always ends.
 */
public final class ShardOutbox implements Outbox
{
    private static final int MESSAGE_TYPE = 1;
    private static final int RECORD_OVERHEAD = 8 + Long.BYTES;

    private final OneToOneRingBuffer ring;
    private final Drain drain = new Drain();
    private long waits;
    private boolean muted;

    /**
     * @param capacity bytes of the ring, a power of two.
     */
    public ShardOutbox(final int capacity)
    {
        if (!BitUtil.isPowerOfTwo(capacity))
        {
            throw new IllegalArgumentException("outbox capacity must be a power of two: " + capacity);
        }
        ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /**
     * @return the smallest power-of-two capacity that holds {@code messages} messages of up to
     *         {@code messageLength} bytes twice over.
     */
    public static int minimumCapacity(final int messages, final int messageLength)
    {
        final long perRecord = BitUtil.align(RECORD_OVERHEAD + messageLength, 8);
        return BitUtil.findNextPositivePowerOfTwo((int)Math.min(1 << 30, 2 * perRecord * Math.max(1, messages)));
    }

    /**
     * Logic thread, before the shard starts: while muted, staged messages are dropped, as when a
     * recovering shard replays its journal (the streams they were for belonged to the process
     * that stopped).
     */
    public void mute(final boolean mute)
    {
        muted = mute;
    }

    @Override
    public void stage(final long engineSequence, final DirectBuffer message, final int offset, final int length)
    {
        if (muted)
        {
            return;
        }
        int index;
        while ((index = ring.tryClaim(MESSAGE_TYPE, Long.BYTES + length)) < 0)
        {
            waits++;
            LockSupport.parkNanos(1_000);
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putLong(index, engineSequence);
        buffer.putBytes(index + Long.BYTES, message, offset, length);
        ring.commit(index);
    }

    /**
     * Egress thread: hands every staged message of a command up to {@code engineSequence} to {@code handler}.
     *
     * @return messages released.
     */
    public int release(final long engineSequence, final OutboxHandler handler)
    {
        drain.limit = engineSequence;
        drain.handler = handler;
        drain.released = 0;
        drain.reachedLimit = false;
        // One read stops where the ring wraps, having consumed only the padding there: read again
        // while reads consume anything and the limit is not reached.
        long consumed;
        do
        {
            consumed = ring.consumerPosition();
            ring.controlledRead(drain);
        }
        while (!drain.reachedLimit && ring.consumerPosition() != consumed);
        drain.handler = null;
        return drain.released;
    }

    /**
     * @return how many times the logic found the outbox full and waited; read from any thread, roughly.
     */
    public long waits()
    {
        return waits;
    }

    /**
     * @return bytes staged and not yet released.
     */
    public int size()
    {
        return ring.size();
    }

    private static final class Drain implements ControlledMessageHandler
    {
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        long limit;
        OutboxHandler handler;
        int released;
        boolean reachedLimit;

        @Override
        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            final long engineSequence = buffer.getLong(index);
            if (engineSequence > limit)
            {
                reachedLimit = true;
                return Action.ABORT;
            }
            view.wrap(buffer, index + Long.BYTES, length - Long.BYTES);
            handler.onMessage(engineSequence, view, 0, length - Long.BYTES);
            released++;
            return Action.COMMIT;
        }
    }
}
