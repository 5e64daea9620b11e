package io.hotpath.core.codes;

import java.util.Comparator;
import java.util.Currency;
import java.util.Locale;

/**
 * ISO 4217 currencies by numeric code, as the commands carry them. The fronts turn codes into
 * alphabetic codes and minor-unit digits for their replies; the logic never needs the texts.
 */
public final class CurrencyCodes
{
    private static final int CODES = 1000;
    private static final String[] ALPHA = new String[CODES];
    private static final int[] DIGITS = new int[CODES];

    static
    {
        // Sorted, so that where the JDK knows two currencies with one numeric code the choice is the same every run.
        Currency.getAvailableCurrencies().stream()
            .filter(currency -> currency.getNumericCode() > 0 && currency.getNumericCode() < CODES)
            .sorted(Comparator.comparing(Currency::getCurrencyCode))
            .forEach(currency ->
            {
                if (ALPHA[currency.getNumericCode()] == null)
                {
                    ALPHA[currency.getNumericCode()] = currency.getCurrencyCode();
                    DIGITS[currency.getNumericCode()] = Math.max(0, currency.getDefaultFractionDigits());
                }
            });
    }

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

    /**
     * @return the alphabetic code of numeric {@code code}, or an empty string.
     */
    public static String alpha(final int code)
    {
        final String alpha = code > 0 && code < CODES ? ALPHA[code] : null;
        return alpha == null ? "" : alpha;
    }

    /**
     * @return the minor-unit digits of numeric {@code code} (JPY 0, EUR 2, KWD 3); 0 if unknown.
     */
    public static int digits(final int code)
    {
        return code > 0 && code < CODES ? DIGITS[code] : 0;
    }
}
