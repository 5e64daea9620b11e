package io.hotpath.gateway.grpc;

import io.grpc.Status;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.pricing.Pricer;
import java.math.BigDecimal;

/**
 * The checks the pricing RPCs share, each naming the field it refuses. Runs on the event loops.
 */
final class PricingFields
{
    static final int MAX_RATE_TEXT = 32;

    static final int MAX_SKU = 64;
    static final int MAX_KEYWORD = 32;

    private PricingFields()
    {
    }

    static Status tenant(final long tenantId)
    {
        return tenantId <= 0 ? GrpcStatuses.invalid("tenant_id", "must be > 0, was " + tenantId) : null;
    }

    static Status sku(final String field, final String sku)
    {
        if (sku.isEmpty() || sku.length() > MAX_SKU)
        {
            return GrpcStatuses.invalid(field, "must be 1 to " + MAX_SKU + " characters, was " + GrpcStatuses.quoted(sku));
        }
        return null;
    }

    static Status quantity(final String field, final long quantity)
    {
        if (quantity < 1 || quantity > Pricer.MAX_QUANTITY)
        {
            return GrpcStatuses.invalid(field, "must be in [1, " + Pricer.MAX_QUANTITY + "], was " + quantity);
        }
        return null;
    }

    /**
     * @return the ISO numeric code, or -1 after which {@link #currencyError} says why.
     */
    static int currency(final String alpha)
    {
        return CurrencyCodes.parse(alpha);
    }

    static Status currencyError(final String field, final String alpha)
    {
        return GrpcStatuses.invalid(field, alpha.isEmpty() ? "required" : "unknown currency " + GrpcStatuses.quoted(alpha));
    }

    static Status keyword(final String field, final String text)
    {
        if (text.length() > MAX_KEYWORD)
        {
            return GrpcStatuses.invalid(field, "at most " + MAX_KEYWORD + " characters");
        }
        return null;
    }

    /**
     * Reads a mid rate written as a decimal, such as {@code "1.08345"}, as billionths.
     *
     * @return the rate, or -1 if it is not a positive decimal with at most 9 decimals below 10^9, in at
     *         most {@value #MAX_RATE_TEXT} characters.
     */
    static long rateNanos(final String text)
    {
        if (text.length() > MAX_RATE_TEXT)
        {
            // BigDecimal parses long digit strings in quadratic time; a rate needs at most 19 digits.
            return -1;
        }
        try
        {
            final BigDecimal rate = new BigDecimal(text.trim());
            if (rate.signum() <= 0 || rate.stripTrailingZeros().scale() > 9 || rate.compareTo(BigDecimal.valueOf(1_000_000_000L)) >= 0)
            {
                return -1;
            }
            return rate.movePointRight(9).longValueExact();
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            return -1;
        }
    }
}
