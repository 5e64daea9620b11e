package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The share of a stage's commands that took at least the client's p99, which RESULTS.md sets against the client's 1%.
 */
class AnchorsCommandTest
{
    @Test
    void shouldCountTheValuesAtOrAboveTheGivenOne()
    {
        final Histogram histogram = new Histogram(3);
        for (long micros = 1; micros <= 1_000; micros++)
        {
            histogram.recordValue(micros * 1_000);
        }

        assertThat(AnchorsCommand.shareAtLeast(histogram, 991_000)).as("991 to 1,000 µs").isCloseTo(0.010, within(1e-9));
        assertThat(AnchorsCommand.shareAtLeast(histogram, 1_000_000)).as("the largest alone").isCloseTo(0.001, within(1e-9));
        assertThat(AnchorsCommand.shareAtLeast(histogram, 1_000_001)).as("within the histogram's precision of the largest")
            .isCloseTo(0.001, within(1e-9));
        assertThat(AnchorsCommand.shareAtLeast(histogram, 2_000_000)).isZero();
        assertThat(AnchorsCommand.shareAtLeast(histogram, 1_000)).isEqualTo(1.0);
        assertThat(AnchorsCommand.shareAtLeast(histogram, 0)).isEqualTo(1.0);
        assertThat(AnchorsCommand.shareAtLeast(new Histogram(3), 5)).isZero();
    }
}
