package io.hotpath.routing.rule;

import java.util.Arrays;

/**
 * The conditions routing rules are made of.
 *
 * <pre>
 *   all / any / not             combine and nest
 *   amount min..max             minor units of the request's currency, both ends inclusive
 *   currency, network, card type, issuer country, customer country, mcc, channel, 3DS status: in a set
 *   bin prefix                  1 to 8 leading digits
 *   bin range                   from..to of 6 to 8 digits, both ends inclusive
 *   metadata key = value        by the hashes of key and value
 * </pre>
 */
public final class Conditions
{
    private Conditions()
    {
    }

    public static Condition all(final Condition... conditions)
    {
        final Condition[] parts = conditions.clone();
        return payment ->
        {
            for (final Condition part : parts)
            {
                if (!part.test(payment))
                {
                    return false;
                }
            }
            return true;
        };
    }

    public static Condition any(final Condition... conditions)
    {
        final Condition[] parts = conditions.clone();
        return payment ->
        {
            for (final Condition part : parts)
            {
                if (part.test(payment))
                {
                    return true;
                }
            }
            return false;
        };
    }

    public static Condition not(final Condition condition)
    {
        return payment -> !condition.test(payment);
    }

    public static Condition amountBetween(final long min, final long max)
    {
        return payment -> payment.amount >= min && payment.amount <= max;
    }

    /**
     * Which field of a payment a set condition tests.
     */
    public enum Field
    {
        CURRENCY, NETWORK, CARD_TYPE, ISSUER_COUNTRY, CUSTOMER_COUNTRY, MCC, CHANNEL, THREE_DS;

        int of(final RouteView payment)
        {
            switch (this)
            {
                case CURRENCY:
                    return payment.currency;
                case NETWORK:
                    return payment.network;
                case CARD_TYPE:
                    return payment.cardType;
                case ISSUER_COUNTRY:
                    return payment.issuerCountry;
                case CUSTOMER_COUNTRY:
                    return payment.customerCountry;
                case MCC:
                    return payment.mcc;
                case CHANNEL:
                    return payment.channel;
                case THREE_DS:
                default:
                    return payment.threeDs;
            }
        }
    }

    /**
     * @return a condition true when {@code field} is one of {@code values}.
     */
    public static Condition in(final Field field, final int... values)
    {
        final int[] sorted = values.clone();
        Arrays.sort(sorted);
        return payment -> Arrays.binarySearch(sorted, field.of(payment)) >= 0;
    }

    /**
     * @param prefixes digits as numbers, with {@code lengths[i]} digits each.
     */
    public static Condition binPrefix(final int[] prefixes, final int[] lengths)
    {
        final int[] p = prefixes.clone();
        final int[] l = lengths.clone();
        return payment ->
        {
            for (int i = 0; i < p.length; i++)
            {
                if (l[i] <= payment.binLength && payment.bin / POWERS_OF_TEN[payment.binLength - l[i]] == p[i])
                {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * A BIN range of {@code digits} digits. A shorter BIN matches when every BIN it could extend to
     * lies in the range; a longer one is cut to {@code digits} digits.
     */
    public static Condition binRange(final long from, final long to, final int digits)
    {
        return payment ->
        {
            final int length = payment.binLength;
            if (length >= digits)
            {
                final long cut = payment.bin / POWERS_OF_TEN[length - digits];
                return cut >= from && cut <= to;
            }
            final long scale = POWERS_OF_TEN[digits - length];
            final long low = payment.bin * scale;
            return low >= from && low + scale - 1 <= to;
        };
    }

    public static Condition metadataEquals(final long keyHash, final long valueHash)
    {
        return payment -> payment.metadata.valueOf(keyHash) == valueHash;
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
}
