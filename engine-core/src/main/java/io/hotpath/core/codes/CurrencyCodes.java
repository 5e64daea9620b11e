package io.hotpath.core.codes;

import java.util.Currency;
import java.util.Locale;

/**
 * ISO 4217 currencies by numeric code, as the commands carry them.
 */
public final class CurrencyCodes
{
    private CurrencyCodes()
    {
    }

    /**
     * @return the ISO 4217 numeric code of {@code alpha3}, or -1 if it is not a currency with one.
     */
    public static int parse(final String alpha3)
    {
        if (alpha3 == null || alpha3.length() != 3)
        {
            return -1;
        }
        try
        {
            final int numeric = Currency.getInstance(alpha3.toUpperCase(Locale.ROOT)).getNumericCode();
            return numeric > 0 ? numeric : -1;
        }
        catch (final IllegalArgumentException ex)
        {
            return -1;
        }
    }
}
