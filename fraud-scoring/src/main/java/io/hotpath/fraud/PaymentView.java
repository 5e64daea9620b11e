package io.hotpath.fraud;

import io.hotpath.core.codes.TextKeys;

/**
 * The fields of one payment that fraud scoring reads, as plain fields, reused for every payment.
 * Identities are 64-bit keys computed at the edge; the card is a keyed fingerprint, its BIN and
 * last four, never the number.
 *
 * <p>Not thread-safe; owned by the shard's logic thread.
 */
public final class PaymentView
{
    public long amount;
    /** Digits after the decimal point in the currency (2 for EUR, 0 for JPY). */
    public int currencyDigits = 2;
    public long cardFingerprint;
    public int bin;
    public int binLength;
    public long customerKey = TextKeys.NONE;
    public long emailKey = TextKeys.NONE;
    public long deviceKey = TextKeys.NONE;
    /** The IP address, IPv6 order, IPv4 mapped; both 0 when unknown. */
    public long ipHigh;
    public long ipLow;
    public int issuerCountry;
    public int customerCountry;
    public boolean threeDsAuthenticated;
    public boolean moto;

    public boolean hasIp()
    {
        return ipHigh != 0 || ipLow != 0;
    }
}
