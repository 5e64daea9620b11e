package io.hotpath.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The replication protocol between a shard's leader and each follower, over one TCP connection the leader opens. Every
 * frame is a 4-byte length, then a type byte and its body; integers little-endian.
 *
 * <pre>
 *   leader -> follower
 *     OPEN      shard int32, epoch int64, leader (int16 length, ASCII), history count int32 {epoch int64, first int64},
 *               leader's last engine sequence int64
 *     RESET     common prefix int64: the follower's journal leaves the leader's after it; it starts afresh
 *     SNAPSHOT  snapshot id int64, engine sequence int64, state hash int64, state length int32, state bytes
 *     ENTRIES   live byte (0: catch-up read back from the journal), count int32,
 *               {engine sequence int64, length int32, command bytes and their CRC32C (as journaled), result CRC32C int32,
 *                checked byte (0: no result checksum, a catch-up entry)}
 *
 *   follower -> leader
 *     POSITION  last epoch int64, last engine sequence int64: where its journal ends
 *     ACK       engine sequence int64 (journaled up to it), live byte (1 once it follows the live stream without a gap)
 *     NEED      engine sequence int64: the live stream skipped; send again from there
 *     FENCED    epoch int64: the follower holds a newer epoch; the leader is stale
 *     REFUSED   reason (int16 length, ASCII): this node does not follow the shard
 * </pre>
 */
final class Frames
{
    static final byte OPEN = 1;
    static final byte RESET = 2;
    static final byte SNAPSHOT = 3;
    static final byte ENTRIES = 4;
    static final byte POSITION = 11;
    static final byte ACK = 12;
    static final byte NEED = 13;
    static final byte FENCED = 14;
    static final byte REFUSED = 15;

    /** Largest frame accepted: a snapshot travels whole. */
    static final int MAX_FRAME = 512 << 20;

    private Frames()
    {
    }

    static ByteBuf open(final ByteBufAllocator alloc, final int shardId, final long epoch, final String leader,
        final EpochHistory history, final long leaderLast)
    {
        final long[] pairs = history.pairs();
        final ByteBuf frame = alloc.buffer(64 + pairs.length * 8);
        frame.writeByte(OPEN).writeIntLE(shardId).writeLongLE(epoch);
        writeAscii(frame, leader);
        frame.writeIntLE(pairs.length / 2);
        for (final long value : pairs)
        {
            frame.writeLongLE(value);
        }
        return frame.writeLongLE(leaderLast);
    }

    static ByteBuf twoLongs(final ByteBufAllocator alloc, final byte type, final long first, final long second)
    {
        return alloc.buffer(17).writeByte(type).writeLongLE(first).writeLongLE(second);
    }

    static ByteBuf oneLong(final ByteBufAllocator alloc, final byte type, final long value)
    {
        return alloc.buffer(9).writeByte(type).writeLongLE(value);
    }

    static ByteBuf ack(final ByteBufAllocator alloc, final long sequence, final boolean live)
    {
        return alloc.buffer(10).writeByte(ACK).writeLongLE(sequence).writeByte(live ? 1 : 0);
    }

    static ByteBuf refused(final ByteBufAllocator alloc, final String reason)
    {
        final ByteBuf frame = alloc.buffer(3 + reason.length()).writeByte(REFUSED);
        writeAscii(frame, reason);
        return frame;
    }

    static ByteBuf snapshot(final ByteBufAllocator alloc, final long snapshotId, final long engineSequence, final long stateHash,
        final byte[] state)
    {
        return alloc.buffer(29 + state.length).writeByte(SNAPSHOT).writeLongLE(snapshotId).writeLongLE(engineSequence)
            .writeLongLE(stateHash).writeIntLE(state.length).writeBytes(state);
    }

    static void writeAscii(final ByteBuf frame, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        frame.writeShortLE(bytes.length).writeBytes(bytes);
    }

    static String readAscii(final ByteBuf frame)
    {
        final int length = frame.readUnsignedShortLE();
        final String text = frame.toString(frame.readerIndex(), length, StandardCharsets.US_ASCII);
        frame.skipBytes(length);
        return text;
    }
}
