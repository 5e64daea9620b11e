package io.hotpath.export;

import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;

/**
 * One result of a shard's journal as the platform sees it: the protobuf event, the topic it goes
 * to, and the key that keeps one payment's (or quote's, or tenant's) events in order.
 *
 * @param shard            the shard whose journal holds the command.
 * @param engineSequence   the command's engine sequence.
 * @param commandTimeNanos when the command entered the engine, epoch nanoseconds.
 */
public record ExportEvent(Topic topic, String key, Message message, int shard, long engineSequence, long commandTimeNanos)
{
    /**
     * @return the full name of the event's protobuf message, as the {@code hotpath.schema} header carries it.
     */
    public String schema()
    {
        return message.getDescriptorForType().getFullName();
    }

    public byte[] keyBytes()
    {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
