package io.hotpath.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.routing.config.FeeModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class FeePropertiesTest
{
    @Property
    void shouldChargeTheFixedPartPlusBasisPointsRoundedHalfUpToTheMinorUnit(
        @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) final long amount,
        @ForAll @IntRange(min = 0, max = 10_000) final int basisPoints,
        @ForAll @LongRange(min = 0, max = 1_000_000) final long fixed)
    {
        final FeeModel fee = model(fixed, basisPoints);
        final long exact = BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(basisPoints))
            .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact();

        assertThat(fee.fee(amount, 0)).isEqualTo(fixed + exact);
    }

    @Property
    void shouldNeverChargeLessForALargerAmount(
        @ForAll @LongRange(min = 0, max = 1_000_000_000L) final long amount,
        @ForAll @LongRange(min = 0, max = 1_000_000L) final long more,
        @ForAll @IntRange(min = 0, max = 10_000) final int basisPoints)
    {
        final FeeModel fee = model(7, basisPoints);
        assertThat(fee.fee(amount + more, 0)).isGreaterThanOrEqualTo(fee.fee(amount, 0));
    }

    private static FeeModel model(final long fixed, final int basisPoints)
    {
        final long[] fixedByNetwork = new long[7];
        final int[] basisPointsByNetwork = new int[7];
        Arrays.fill(fixedByNetwork, fixed);
        Arrays.fill(basisPointsByNetwork, basisPoints);
        return new FeeModel(fixedByNetwork, basisPointsByNetwork);
    }
}
