package io.hotpath.journal.tools;

import org.agrona.DirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.json.JsonTokenListener;

/**
 * SBE's JSON listener, with every single 64-bit integer (int64, uint64) written as a string, as the
 * proto3 JSON mapping writes int64: a JavaScript reader, or a jq older than 1.7, reads a JSON number
 * as a double and loses the digits past 2^53 of an engine sequence, an id or a hash. Narrower
 * integers stay numbers.
 *
 * <p>SBE writes the field, then the separator; the value between them is quoted once it is written,
 * because the listener's writing of names, nulls and separators is private to it.
 */
final class Int64AsStringListener extends JsonTokenListener
{
    private final StringBuilder output;

    Int64AsStringListener(final StringBuilder output)
    {
        super(output);
        this.output = output;
    }

    @Override
    public void onEncoding(final Token fieldToken, final DirectBuffer buffer, final int index, final Token typeToken,
        final int actingVersion)
    {
        final int before = output.length();
        super.onEncoding(fieldToken, buffer, index, typeToken, actingVersion);
        final PrimitiveType type = typeToken.encoding().primitiveType();
        if ((type == PrimitiveType.INT64 || type == PrimitiveType.UINT64) && typeToken.arrayLength() == 1)
        {
            quoteValue(before);
        }
    }

    /**
     * Quotes the number written after {@code from} ({@code "name": 123,} becomes {@code "name": "123",}).
     */
    private void quoteValue(final int from)
    {
        final int colon = output.indexOf(":", from);
        if (colon < 0)
        {
            return;
        }
        int start = colon + 1;
        while (start < output.length() && Character.isWhitespace(output.charAt(start)))
        {
            start++;
        }
        int end = start;
        if (end < output.length() && output.charAt(end) == '-')
        {
            end++;
        }
        while (end < output.length() && Character.isDigit(output.charAt(end)))
        {
            end++;
        }
        if (end > start && Character.isDigit(output.charAt(end - 1)))
        {
            output.insert(end, '"');
            output.insert(start, '"');
        }
    }
}
