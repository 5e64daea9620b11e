package io.hotpath.pricing.book;

/**
 * A currency a tenant quotes in, and how prices in it are made.
 *
 * @param code      ISO 4217 numeric.
 * @param alpha     ISO 4217 alphabetic.
 * @param digits    minor-unit digits (JPY 0, EUR 2, KWD 3).
 * @param spreadBps added to the mid rate when converting from the book currency, basis points.
 * @param ending    price ending in minor units ({@code 99} for x.99), or -1 for none.
 * @param step      the ending repeats every {@code step} minor units ({@code 100} for x.99).
 * @param fxName    the name of the FX line in a breakdown, such as {@code "EUR->USD mid +50 bps"}.
 * @param endingName the name of the ending line, such as {@code "ends in 99 per 100"}.
 * @param noRate    why a price in this currency cannot be made before its FX rate arrives.
 * @param staleRate why it cannot be made once the rate is older than the book allows.
 */
public record SoldCurrency(int code, String alpha, int digits, int spreadBps, long ending, long step, String fxName, String endingName,
    String noRate, String staleRate)
{
    public boolean hasEnding()
    {
        return ending >= 0;
    }
}
