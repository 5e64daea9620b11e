package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The anchors' alternated rounds ({@link AnchorsCommand#alternate}): an engine three quarters as fast as bare, on a host
 * whose speed drifts from round to round, must read 0.75.
 */
class AlternatedRoundsTest
{
    private static final double TRUE_RATIO = 0.75;

    /** Rounds in the order they ran, "engine" or "bare". */
    private final List<String> order = new ArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Test
    void shouldCancelADriftThatIsSteadyOverABlock() throws Exception
    {
        // The host loses 4% of its speed every round: an engine round, then a bare one, would read 0.75 / 0.96 = 0.78.
        final double[] speed = {100_000};
        final Callable<Double> slowing = () ->
        {
            speed[0] *= 0.96;
            return speed[0];
        };
        final Map<String, Double> into = alternate(3, round("engine", () -> TRUE_RATIO * slowing.call()),
            round("bare", slowing));

        assertThat(order).containsExactly("engine", "bare", "bare", "engine", "engine", "bare", "bare", "engine", "engine", "bare",
            "bare", "engine");
        // A geometric drift is not quite linear: within a block of four the error is about the square of a round's drift.
        assertThat(into.get("ping alternated")).isCloseTo(TRUE_RATIO, within(0.002));
        assertThat(into.get("ping alternated low")).isCloseTo(TRUE_RATIO, within(0.002));
        assertThat(into.get("ping alternated high")).isCloseTo(TRUE_RATIO, within(0.002));
        assertThat(into.get("ping alternated blocks")).isEqualTo(3);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("ping alternated, block 3: engine");
    }

    @Test
    void shouldTakeTheMedianBlockSoThatOneDisturbedBlockDoesNotMoveTheRatio() throws Exception
    {
        // The second block's engine rounds ran while something else took the host: they read half.
        final int[] engineRounds = {0};
        final Map<String, Double> into = alternate(3, round("engine", () ->
        {
            final int n = engineRounds[0]++;
            return n == 2 || n == 3 ? TRUE_RATIO * 50_000 : TRUE_RATIO * 100_000;
        }), round("bare", () -> 100_000.0));

        assertThat(into.get("ping alternated")).isCloseTo(TRUE_RATIO, within(1e-9));
        assertThat(into.get("ping alternated low")).isCloseTo(TRUE_RATIO / 2, within(1e-9));
        assertThat(into.get("ping alternated high")).isCloseTo(TRUE_RATIO, within(1e-9));
    }

    @Test
    void shouldAverageTheTwoMiddleBlocksOfAnEvenNumber() throws Exception
    {
        final double[] engineRates = {60, 60, 70, 70, 80, 80, 90, 90};
        final int[] engineRounds = {0};
        final Map<String, Double> into = alternate(4, round("engine", () -> engineRates[engineRounds[0]++]),
            round("bare", () -> 100.0));

        assertThat(into.get("ping alternated")).isCloseTo(0.75, within(1e-9));
        assertThat(into.get("ping alternated low")).isCloseTo(0.6, within(1e-9));
        assertThat(into.get("ping alternated high")).isCloseTo(0.9, within(1e-9));
    }

    private Map<String, Double> alternate(final int blocks, final Callable<Double> engine, final Callable<Double> bare) throws Exception
    {
        final Map<String, Double> into = new TreeMap<>();
        AnchorsCommand.alternate(into, "ping", blocks, engine, bare, new PrintStream(printed, true, StandardCharsets.UTF_8));
        return into;
    }

    private Callable<Double> round(final String who, final Callable<Double> rate)
    {
        return () ->
        {
            order.add(who);
            return rate.call();
        };
    }
}
