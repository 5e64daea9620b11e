package io.hotpath.pricing.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DemandDecayTest
{
    private static final long HALF_LIFE = 1_800_000_000_000L;

    @Test
    void shouldHalveExactlyAtEveryWholeHalfLife()
    {
        assertThat(SkuSignals.decayed(100.0, HALF_LIFE, HALF_LIFE)).isEqualTo(50.0);
        assertThat(SkuSignals.decayed(100.0, 3 * HALF_LIFE, HALF_LIFE)).isEqualTo(12.5);
        assertThat(SkuSignals.decayed(3.0, 10 * HALF_LIFE, HALF_LIFE)).isEqualTo(3.0 / 1024);
    }

    @Test
    void shouldFollowTheExponentialBetweenHalfLives()
    {
        for (long age = 1; age < 5 * HALF_LIFE; age += HALF_LIFE / 7 + 12_345)
        {
            final double expected = 100.0 * Math.pow(2.0, -(double)age / HALF_LIFE);
            assertThat(SkuSignals.decayed(100.0, age, HALF_LIFE)).as("age %d", age).isCloseTo(expected, within(expected * 1e-14));
        }
    }

    @Test
    void shouldLeaveTheLevelAloneAtNoAgeAndReachZeroAtAgesPastAnyExponent()
    {
        assertThat(SkuSignals.decayed(7.5, 0, HALF_LIFE)).isEqualTo(7.5);
        assertThat(SkuSignals.decayed(7.5, -5, HALF_LIFE)).isEqualTo(7.5);
        assertThat(SkuSignals.decayed(Double.MAX_VALUE, 2200 * HALF_LIFE, HALF_LIFE)).isZero();
        assertThat(SkuSignals.decayed(7.5, 1100 * HALF_LIFE, HALF_LIFE)).isZero();
        assertThat(SkuSignals.decayed(7.5, Long.MAX_VALUE, 1)).isZero();
    }

    @Test
    void shouldNeverRiseAsTimePasses()
    {
        double previous = 42.0;
        for (long age = 0; age < 3 * HALF_LIFE; age += HALF_LIFE / 1000 + 1)
        {
            final double level = SkuSignals.decayed(42.0, age, HALF_LIFE);
            assertThat(level).as("age %d", age).isLessThanOrEqualTo(previous);
            previous = level;
        }
    }
}
