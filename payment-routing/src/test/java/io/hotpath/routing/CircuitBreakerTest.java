package io.hotpath.routing;

import static io.hotpath.routing.RoutingHarness.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.sbe.BreakerState;
import io.hotpath.core.sbe.Exclusion;
import io.hotpath.core.sbe.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every transition is judged on command time: the test moves time by the commands it sends.
 */
class CircuitBreakerTest
{
    private final RoutingHarness harness = new RoutingHarness();
    private long payment;

    @BeforeEach
    void configure()
    {
        assertThat(harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("") + """
            health { window = 10s, buckets = 5, min-calls = 4, error-rate = 0.5, timeout-rate = 0.5, decline-rate = 0,
                     open-for = 30s, probe-share = 1.0, probes-to-close = 2 }
            """)).isNull();
    }

    @Test
    void shouldOpenWhenTheErrorShareReachesItsLimitAndExcludeTheProcessor()
    {
        assertThat(report(Outcome.APPROVED, SECOND)).isEqualTo(BreakerState.CLOSED);
        assertThat(report(Outcome.APPROVED, SECOND)).isEqualTo(BreakerState.CLOSED);
        assertThat(report(Outcome.ERROR, 2 * SECOND)).as("1 error in 3 calls, below min-calls").isEqualTo(BreakerState.CLOSED);
        assertThat(report(Outcome.ERROR, 3 * SECOND)).as("2 errors in 4 calls: half").isEqualTo(BreakerState.OPEN);

        final RoutingHarness.Decision decision = harness.route(++payment, 4 * SECOND);
        assertThat(decision.order()).containsExactly("stripe");
        assertThat(decision.excluded()).containsExactly(new RoutingHarness.Excluded("adyen", Exclusion.CIRCUIT_OPEN));
    }

    @Test
    void shouldNotOpenBelowTheMinimumCallsOrOnOutcomesOlderThanTheWindow()
    {
        report(Outcome.ERROR, SECOND);
        report(Outcome.ERROR, SECOND);
        assertThat(report(Outcome.ERROR, SECOND)).isEqualTo(BreakerState.CLOSED);
        // 20 s later the first three have left the 10 s window: one error in one call is below min-calls.
        assertThat(report(Outcome.ERROR, 21 * SECOND)).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldProbeWhenHalfOpenAndCloseAfterEnoughSuccessfulProbes()
    {
        trip(SECOND);
        assertThat(harness.route(++payment, 30 * SECOND).excluded()).extracting(RoutingHarness.Excluded::reason)
            .containsExactly(Exclusion.CIRCUIT_OPEN);

        // open-for elapsed on command time: half open, and with probe-share 1.0 offered again.
        assertThat(harness.route(++payment, 32 * SECOND).order()).containsExactly("adyen", "stripe");
        assertThat(report(Outcome.APPROVED, 33 * SECOND)).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(report(Outcome.SOFT_DECLINE, 34 * SECOND)).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldReopenWhenAProbeFails()
    {
        trip(SECOND);
        assertThat(report(Outcome.TIMEOUT, 40 * SECOND)).isEqualTo(BreakerState.OPEN);
        assertThat(harness.route(++payment, 41 * SECOND).excluded()).extracting(RoutingHarness.Excluded::reason)
            .containsExactly(Exclusion.CIRCUIT_OPEN);
        assertThat(harness.route(++payment, 71 * SECOND).excluded()).isEmpty();
    }

    @Test
    void shouldOfferAHalfOpenProcessorToItsProbeShareOnly()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("") + """
            health { window = 10s, buckets = 5, min-calls = 4, error-rate = 0.5, open-for = 30s, probe-share = 0.25 }
            """);
        trip(SECOND);
        int offered = 0;
        for (int i = 0; i < 2_000; i++)
        {
            offered += harness.route(++payment, 40 * SECOND).order().contains("adyen") ? 1 : 0;
        }
        assertThat(offered).isBetween(400, 600);
    }

    @Test
    void shouldCountASlowAnswerAsATimeout()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("") + """
            health { window = 10s, min-calls = 2, error-rate = 0, timeout-rate = 0.5, slow-call = 2s }
            """);
        assertThat(harness.outcome(++payment, "adyen", Outcome.APPROVED, "", SECOND).breaker()).isEqualTo(BreakerState.CLOSED);
        harness.outcome.latencyMicros = 2_500_000;
        harness.decide(harness.outcome);
        assertThat(harness.route(++payment, SECOND).excluded()).extracting(RoutingHarness.Excluded::reason)
            .containsExactly(Exclusion.CIRCUIT_OPEN);
    }

    private void trip(final long time)
    {
        for (int i = 0; i < 4; i++)
        {
            report(Outcome.ERROR, time);
        }
        assertThat(harness.route(++payment, time).excluded()).extracting(RoutingHarness.Excluded::reason)
            .containsExactly(Exclusion.CIRCUIT_OPEN);
    }

    private BreakerState report(final Outcome outcome, final long time)
    {
        return harness.outcome(++payment, "adyen", outcome, "", time).breaker();
    }
}
