package io.hotpath.gateway.grpc;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;

/**
 * A scalar field as proto3 writes it, for the proxies that write replies straight into the wire format: not at all when
 * it holds its default (0, false), as the generated messages leave it out. Every number here is written as an int64: an
 * int32 or an enum of the same value takes the same varint, a negative one included (sign-extended to ten bytes).
 */
final class Proto3Fields
{
    private Proto3Fields()
    {
    }

    /**
     * @return the bytes {@link #writeNumber} writes for {@code value}.
     */
    static int numberSize(final int field, final long value)
    {
        return value == 0 ? 0 : CodedOutputStream.computeInt64Size(field, value);
    }

    static void writeNumber(final CodedOutputStream out, final int field, final long value) throws IOException
    {
        if (value != 0)
        {
            out.writeInt64(field, value);
        }
    }

    /**
     * @return the bytes {@link #writeBool} writes for {@code value}.
     */
    static int boolSize(final int field, final boolean value)
    {
        return value ? CodedOutputStream.computeBoolSize(field, true) : 0;
    }

    static void writeBool(final CodedOutputStream out, final int field, final boolean value) throws IOException
    {
        if (value)
        {
            out.writeBool(field, true);
        }
    }
}
