package io.hotpath.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.pricing.money.MulDiv;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The 128-bit multiply-then-divide equals {@link BigInteger} arithmetic rounded by
 * {@link BigDecimal}, over the whole range of non-negative longs, including quotients that do not
 * fit.
 */
class MulDivPropertiesTest
{
    private static final RoundingMode[] MODES = {
        RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.HALF_DOWN, RoundingMode.UP, RoundingMode.DOWN,
        RoundingMode.CEILING, RoundingMode.FLOOR};

    private final MulDiv mulDiv = new MulDiv();

    @Property(tries = 3000)
    void shouldMatchBigIntegerForThreeFactors(
        @ForAll("magnitudes") final long a,
        @ForAll("magnitudes") final long b,
        @ForAll @LongRange(min = 0, max = 1_000_000) final long c,
        @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) final long divisor,
        @ForAll("modes") final RoundingMode mode)
    {
        final BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).multiply(BigInteger.valueOf(c));
        if (product.bitLength() > 127)
        {
            return;
        }
        final BigDecimal expected = new BigDecimal(product).divide(BigDecimal.valueOf(divisor), 0, mode);
        final long actual = mulDiv.of(a).times(b).times(c).over(divisor, mode);
        assertThat(actual).isEqualTo(expected.toBigInteger().bitLength() < 64 ? expected.longValueExact() : MulDiv.OVERFLOW);
    }

    @Property(tries = 3000)
    void shouldScaleLikeBigInteger(
        @ForAll("magnitudes") final long value,
        @ForAll("magnitudes") final long factor,
        @ForAll("divisors") final long divisor,
        @ForAll("modes") final RoundingMode mode)
    {
        final BigDecimal expected = new BigDecimal(BigInteger.valueOf(value).multiply(BigInteger.valueOf(factor)))
            .divide(BigDecimal.valueOf(divisor), 0, mode);
        final long actual = MulDiv.scale(value, factor, divisor, mode);
        assertThat(actual).isEqualTo(expected.toBigInteger().bitLength() < 64 ? expected.longValueExact() : MulDiv.OVERFLOW);
    }

    @Test
    void shouldDivideAcrossTheWholeWordAndRoundHalvesByMode()
    {
        assertThat(MulDiv.scale(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, RoundingMode.DOWN)).isEqualTo(Long.MAX_VALUE);
        assertThat(MulDiv.scale(Long.MAX_VALUE, 2, 2, RoundingMode.DOWN)).isEqualTo(Long.MAX_VALUE);
        assertThat(MulDiv.scale(Long.MAX_VALUE, 3, 2, RoundingMode.DOWN)).isEqualTo(MulDiv.OVERFLOW);
        assertThat(MulDiv.scale(5, 1, 2, RoundingMode.HALF_UP)).isEqualTo(3);
        assertThat(MulDiv.scale(5, 1, 2, RoundingMode.HALF_EVEN)).isEqualTo(2);
        assertThat(MulDiv.scale(7, 1, 2, RoundingMode.HALF_EVEN)).isEqualTo(4);
        assertThat(MulDiv.scale(5, 1, 2, RoundingMode.HALF_DOWN)).isEqualTo(2);
        assertThat(MulDiv.scale(1, 1, 3, RoundingMode.UP)).isEqualTo(1);
        assertThat(MulDiv.scale(2, 1, 3, RoundingMode.DOWN)).isZero();
    }

    @Provide
    Arbitrary<Long> magnitudes()
    {
        // Every bit length equally likely, so the 128-bit paths are exercised as often as the small ones.
        return Arbitraries.integers().between(0, 63).flatMap(bits -> bits == 0
            ? Arbitraries.just(0L)
            : Arbitraries.longs().between(1L << (bits - 1), bits == 63 ? Long.MAX_VALUE : (1L << bits) - 1));
    }

    @Provide
    Arbitrary<Long> divisors()
    {
        return magnitudes().filter(d -> d > 0);
    }

    @Provide
    Arbitrary<RoundingMode> modes()
    {
        return Arbitraries.of(MODES);
    }
}
