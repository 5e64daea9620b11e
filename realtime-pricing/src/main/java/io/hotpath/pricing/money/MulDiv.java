package io.hotpath.pricing.money;

import java.math.RoundingMode;

/**
 * Exact {@code a × b × ... / d} over non-negative longs, rounded once, as money needs: the product is
 * held in 128 bits, so a price times an FX rate times a spread factor times a power of ten cannot
 * overflow, and the one rounding happens where the mode says.
 *
 * <pre>
 *   long total = mulDiv.of(amount).times(rateNanos).times(10_000 + spreadBps).over(1_000_000_000L * 10_000, HALF_UP);
 * </pre>
 *
 * Written by hand because the JDK's exact arithmetic ({@code BigInteger}, {@code BigDecimal})
 * allocates on every operation, and JDK 17 has no unsigned 128-bit multiply or divide.
 *
 * <p>Not thread-safe: an instance holds the running product. One per logic thread; allocates nothing.
 */
public final class MulDiv
{
    /** What a division answers when its quotient does not fit in a long. */
    public static final long OVERFLOW = -1;

    private static final long MASK_32 = 0xFFFF_FFFFL;
    private static final long BASE_32 = 1L << 32;

    private long hi;
    private long lo;

    /**
     * Starts a product.
     *
     * @param value a non-negative factor.
     */
    public MulDiv of(final long value)
    {
        requireNonNegative(value);
        hi = 0;
        lo = value;
        return this;
    }

    /**
     * Multiplies the product by {@code factor}.
     *
     * @throws ArithmeticException if the product no longer fits in 127 bits.
     */
    public MulDiv times(final long factor)
    {
        requireNonNegative(factor);
        final long carry = unsignedMultiplyHigh(lo, factor);
        final long high = hi * factor;
        if (Math.multiplyHigh(hi, factor) != 0 || high < 0 || high + carry < 0)
        {
            throw new ArithmeticException("product exceeds 127 bits");
        }
        hi = high + carry;
        lo = lo * factor;
        return this;
    }

    /**
     * @return the product divided by {@code divisor}, rounded by {@code mode}, or {@link #OVERFLOW}
     *         if that does not fit in a long: a price out of range is an answer, not a bug.
     * @throws ArithmeticException if {@code mode} is {@code UNNECESSARY} and the division is inexact.
     */
    public long over(final long divisor, final RoundingMode mode)
    {
        if (divisor <= 0)
        {
            throw new ArithmeticException("divisor must be > 0: " + divisor);
        }
        if (Long.compareUnsigned(hi, divisor) >= 0)
        {
            return OVERFLOW;
        }
        final long quotient = hi == 0 ? Long.divideUnsigned(lo, divisor) : divide(hi, lo, divisor);
        return rounded(quotient, lo - quotient * divisor, divisor, mode);
    }

    /**
     * @return {@code value × factor / divisor}, rounded by {@code mode}, or {@link #OVERFLOW}; for
     *         non-negative operands.
     */
    public static long scale(final long value, final long factor, final long divisor, final RoundingMode mode)
    {
        requireNonNegative(value);
        requireNonNegative(factor);
        if (divisor <= 0)
        {
            throw new ArithmeticException("divisor must be > 0: " + divisor);
        }
        final long high = Math.multiplyHigh(value, factor);
        final long low = value * factor;
        if (Long.compareUnsigned(high, divisor) >= 0)
        {
            return OVERFLOW;
        }
        final long quotient = high == 0 ? Long.divideUnsigned(low, divisor) : divide(high, low, divisor);
        return rounded(quotient, low - quotient * divisor, divisor, mode);
    }

    private static long rounded(final long quotient, final long remainder, final long divisor, final RoundingMode mode)
    {
        final long rounded = quotient + roundUp(quotient, remainder, divisor, mode);
        return quotient < 0 || rounded < 0 ? OVERFLOW : rounded;
    }

    /**
     * @return 1 if {@code quotient} rounds up given its remainder, else 0.
     */
    private static long roundUp(final long quotient, final long remainder, final long divisor, final RoundingMode mode)
    {
        if (remainder == 0)
        {
            return 0;
        }
        // remainder < divisor, so (divisor - remainder) compares the remainder with half the divisor without overflow.
        final long rest = divisor - remainder;
        switch (mode)
        {
            case UP:
            case CEILING:
                return 1;
            case DOWN:
            case FLOOR:
                return 0;
            case HALF_UP:
                return remainder >= rest ? 1 : 0;
            case HALF_DOWN:
                return remainder > rest ? 1 : 0;
            case HALF_EVEN:
                return remainder > rest || (remainder == rest && (quotient & 1) == 1) ? 1 : 0;
            default:
                throw new ArithmeticException("rounding needed");
        }
    }

    /**
     * Divides the unsigned 128-bit {@code high:low} by {@code divisor}, where {@code high < divisor}
     * unsigned, so the quotient fits in 64 bits: long division in base 2^32 on a normalised divisor,
     * two quotient digits, each estimated from the top digits and corrected at most twice (Knuth's
     * algorithm D for a two-digit quotient).
     */
    private static long divide(final long high, final long low, final long divisor)
    {
        final int shift = Long.numberOfLeadingZeros(divisor);
        final long v = divisor << shift;
        final long vHigh = v >>> 32;
        final long vLow = v & MASK_32;
        final long uTop = shift == 0 ? high : high << shift | low >>> (64 - shift);
        final long uBottom = low << shift;
        final long uBottomHigh = uBottom >>> 32;
        final long uBottomLow = uBottom & MASK_32;

        long q1 = Long.divideUnsigned(uTop, vHigh);
        long rest = uTop - q1 * vHigh;
        while (Long.compareUnsigned(q1, BASE_32) >= 0 || Long.compareUnsigned(q1 * vLow, (rest << 32) + uBottomHigh) > 0)
        {
            q1--;
            rest += vHigh;
            if (Long.compareUnsigned(rest, BASE_32) >= 0)
            {
                break;
            }
        }
        final long middle = (uTop << 32) + uBottomHigh - q1 * v;

        long q0 = Long.divideUnsigned(middle, vHigh);
        rest = middle - q0 * vHigh;
        while (Long.compareUnsigned(q0, BASE_32) >= 0 || Long.compareUnsigned(q0 * vLow, (rest << 32) + uBottomLow) > 0)
        {
            q0--;
            rest += vHigh;
            if (Long.compareUnsigned(rest, BASE_32) >= 0)
            {
                break;
            }
        }
        return (q1 << 32) + q0;
    }

    private static long unsignedMultiplyHigh(final long a, final long b)
    {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    private static void requireNonNegative(final long value)
    {
        if (value < 0)
        {
            throw new ArithmeticException("operands must be >= 0: " + value);
        }
    }
}
