package io.hotpath.core.codes;

import java.util.Locale;
import java.util.Set;

/**
 * ISO 3166 alpha-2 country codes as 16-bit numbers: the first letter in the high byte, so
 * {@code "DE"} is {@code 'D' << 8 | 'E'}. Readable in a hex dump, and free of lookup tables on
 * the hot path.
 */
public final class CountryCodes
{
    /** No country given. */
    public static final int NONE = 0;

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private CountryCodes()
    {
    }

    /**
     * @return the code of {@code alpha2}, or -1 if it is not an ISO 3166 country.
     */
    public static int parse(final String alpha2)
    {
        if (alpha2 == null || alpha2.length() != 2)
        {
            return -1;
        }
        final String upper = alpha2.toUpperCase(Locale.ROOT);
        if (!ISO_COUNTRIES.contains(upper))
        {
            return -1;
        }
        return upper.charAt(0) << 8 | upper.charAt(1);
    }

    public static String format(final int code)
    {
        return code == NONE ? "" : new String(new char[] {(char)(code >>> 8), (char)(code & 0xFF)});
    }
}
