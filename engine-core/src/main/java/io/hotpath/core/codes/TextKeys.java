package io.hotpath.core.codes;

import io.hotpath.core.logic.Fnv1a64;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Turns the short texts that commands refer to (processor ids, response codes, metadata keys and
 * values) into 64-bit keys at the edge, so the hot path compares longs, never strings. Config
 * loading computes the same keys from the same texts.
 */
public final class TextKeys
{
    /** The key of no text. */
    public static final long NONE = 0;

    private TextKeys()
    {
    }

    /**
     * @return the FNV-1a hash of the UTF-8 bytes of {@code text}; {@link #NONE} for null or empty.
     */
    public static long of(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return NONE;
        }
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final long key = new Fnv1a64().add(new UnsafeBuffer(bytes), 0, bytes.length).hash();
        return key == NONE ? 1 : key;
    }
}
