package io.hotpath.core.logic;

/**
 * Names encoded once, when a config is applied, so that a result can copy their bytes instead of
 * converting a string char by char for every command.
 *
 * <p>Written here because the bytes must be exactly those SBE's ASCII string setters write (each
 * char above 127 becomes {@code '?'}), so results read the same whichever way a name was put;
 * {@code String.getBytes(US_ASCII)} turns a surrogate pair into one {@code '?'}, not two.
 */
public final class AsciiText
{
    private AsciiText()
    {
    }

    /**
     * @return {@code text} as SBE's ASCII setters encode it: one byte per char, {@code '?'} for any char above 127.
     */
    public static byte[] of(final CharSequence text)
    {
        final byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++)
        {
            final char c = text.charAt(i);
            bytes[i] = (byte)(c > 127 ? '?' : c);
        }
        return bytes;
    }
}
