package io.hotpath.gateway.binary;

import io.hotpath.core.sbe.CommandMetaEncoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;

/**
 * The binary front's wire format: TCP, a stream of frames, each a length and one SBE message of the
 * engine's schema, with its header. Little-endian, as the schema.
 *
 * <pre>
 *   0          4                                          4 + n
 *   +==========+==========================================+
 *   | n        | SBE message: header, block, groups, data |
 *   | (int32)  | n bytes                                  |
 *   +==========+==========================================+
 *
 *   client                                   front
 *     Hello (credentials)         ------&gt;
 *                                 &lt;------   Welcome (tenant, terms) | CommandFailed UNAUTHENTICATED, then close
 *     command, correlation id c1  ------&gt;
 *     command, correlation id c2  ------&gt;     (pipelined: no need to wait)
 *                                 &lt;------   result c2                (as each shard answers)
 *                                 &lt;------   result c1 | CommandFailed (OVERLOADED, QUOTA_EXCEEDED, ...; engine sequence 0)
 * </pre>
 *
 * A command's result carries its correlation id, so a client matches each result to its command.
 * The front stamps each command's ingress time itself; whatever the client wrote there is replaced.
 */
public final class FrameDescriptor
{
    /** Bytes of the length that starts every frame. */
    public static final int LENGTH_FIELD = 4;
    /** The protocol this front speaks, in Hello and Welcome. */
    public static final int PROTOCOL_VERSION = 1;
    /** Where a command's correlation id is, from the start of its SBE message. */
    public static final int CORRELATION_ID_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + CommandMetaEncoder.correlationIdEncodingOffset();
    /** Where a command's ingress time is, from the start of its SBE message. */
    public static final int INGRESS_TIME_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + CommandMetaEncoder.ingressTimeEncodingOffset();
    /** The shortest command: header and CommandMeta. */
    public static final int MIN_COMMAND_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + CommandMetaEncoder.ENCODED_LENGTH;

    private FrameDescriptor()
    {
    }
}
