package io.hotpath.gateway.grpc;

import java.util.HexFormat;

/**
 * Quote ids as clients see them: 16 lower-case hexadecimal digits of the engine's 64-bit id.
 */
final class QuoteIds
{
    /** The answer of {@link #parse} to text that is not a quote id. */
    static final long INVALID = 0;

    private QuoteIds()
    {
    }

    static String format(final long quoteId)
    {
        return HexFormat.of().toHexDigits(quoteId);
    }

    /**
     * @return the id, or {@link #INVALID}; no quote has id 0.
     */
    static long parse(final String text)
    {
        if (text.length() != 16 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0))
        {
            return INVALID;
        }
        return HexFormat.fromHexDigitsToLong(text);
    }
}
