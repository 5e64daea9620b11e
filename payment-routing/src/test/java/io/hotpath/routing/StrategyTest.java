package io.hotpath.routing;

import static io.hotpath.routing.RoutingHarness.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.sbe.RouteStrategy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyTest
{
    private final RoutingHarness harness = new RoutingHarness();

    @Test
    void shouldKeepConfigOrderForPriority()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withDefault("priority", ""));
        final RoutingHarness.Decision decision = harness.route(1, SECOND, r -> r.customerCountry = 'U' << 8 | 'S');
        assertThat(decision.strategy()).isEqualTo(RouteStrategy.PRIORITY);
        assertThat(decision.order()).containsExactly("adyen", "stripe", "checkout");
        assertThat(decision.candidates()).extracting(RoutingHarness.Candidate::score).containsExactly(0L, 1L, 2L);
    }

    @Test
    void shouldRankByFeeForLeastCost()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withDefault("least-cost", ""));
        // 100.00: adyen 10 + 150 = 160, stripe 30 + 140 = 170, checkout 5 + 100 = 105.
        final RoutingHarness.Decision decision = harness.route(1, SECOND, r -> r.customerCountry = 'U' << 8 | 'S');
        assertThat(decision.order()).containsExactly("checkout", "adyen", "stripe");
        assertThat(decision.candidates()).extracting(RoutingHarness.Candidate::fee).containsExactly(105L, 160L, 170L);
    }

    @Test
    void shouldRankByExpectedValueOfSuccessRateTimesNetAmount()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withDefault("expected-value",
            "success-rate { min-samples = 10, exploration = 0 }\n"));
        // adyen approves 9 in 10, stripe 10 in 10: stripe's higher rate outweighs its higher fee.
        feed("adyen", 10, 9, 0);
        feed("stripe", 10, 10, 1_000);

        final RoutingHarness.Decision decision = harness.route(99_999, 2 * SECOND);
        assertThat(decision.order()).containsExactly("stripe", "adyen");
        final RoutingHarness.Candidate stripe = decision.candidates().get(0);
        assertThat(stripe.successRatePpm()).isEqualTo(1_000_000);
        assertThat(stripe.expectedValue()).isEqualTo(10_000 - 170);
        assertThat(stripe.meanLatencyMicros()).as("every outcome reported 250 us").isEqualTo(250);
        assertThat(decision.candidates().get(1).expectedValue()).isEqualTo((10_000 - 160) * 900_000L / 1_000_000);
    }

    @Test
    void shouldSplitVolumeByWeightDeterministically()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("""
            { name = split, route { strategy = volume-split, split { adyen = 70, stripe = 30 } } }
            """));
        final Map<String, Integer> firsts = new HashMap<>();
        for (long payment = 1; payment <= 10_000; payment++)
        {
            firsts.merge(harness.route(payment, SECOND).order().get(0), 1, Integer::sum);
        }
        assertThat(firsts.get("adyen")).isBetween(6_700, 7_300);
        assertThat(firsts.get("stripe")).isBetween(2_700, 3_300);
        assertThat(harness.route(77, SECOND).order()).isEqualTo(harness.route(77, SECOND).order());
    }

    @Test
    void shouldTakeVolumeSplitWeightsFromContractTargetsWhenTheRuleGivesNone()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("""
            { name = split, route { strategy = volume-split, processors = [adyen, stripe] } }
            """));
        final RoutingHarness.Decision decision = harness.route(1, SECOND);
        assertThat(decision.candidates()).extracting(RoutingHarness.Candidate::score).containsExactlyInAnyOrder(60L, 40L);
    }

    @Test
    void shouldUseTheDefaultRateBelowTheMinimumSampleCount()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withDefault("success-rate",
            "success-rate { min-samples = 20, default-rate = 0.7, exploration = 0 }\n"));
        feed("stripe", 19, 19, 0);

        final RoutingHarness.Decision decision = harness.route(99_999, 2 * SECOND);
        assertThat(decision.candidates()).extracting(RoutingHarness.Candidate::successRatePpm).containsOnly(700_000);
        assertThat(decision.order()).containsExactly("adyen", "stripe");

        feed("stripe", 1, 1, 100);
        assertThat(harness.route(99_998, 2 * SECOND).order()).containsExactly("stripe", "adyen");
    }

    @Test
    void shouldWeighRecentBucketsMoreThanOldOnes()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withDefault("success-rate",
            "success-rate { buckets = 4, bucket-size = 10, recency-decay = 0.5, min-samples = 1, exploration = 0 }\n"));
        feed("adyen", 10, 0, 0);
        feed("adyen", 10, 10, 100);

        // Newest bucket all approved (weight 1), the one before all declined (weight 0.5): 10 / 15.
        final RoutingHarness.Decision decision = harness.route(99_999, 2 * SECOND);
        assertThat(decision.candidates()).filteredOn(c -> c.processor().equals("adyen"))
            .extracting(RoutingHarness.Candidate::successRatePpm).containsExactly(666_666);
    }

    @Test
    void shouldForgetBucketsOlderThanTheWholeWindow()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withDefault("success-rate",
            "success-rate { buckets = 2, bucket-size = 100, bucket-duration = 1s, min-samples = 1, default-rate = 0.5 }\n"
                + "success-rate.exploration = 0\n"));
        feed("adyen", 10, 10, 0);
        assertThat(harness.route(99_999, SECOND / 2).candidates()).filteredOn(c -> c.processor().equals("adyen"))
            .extracting(RoutingHarness.Candidate::successRatePpm).containsExactly(1_000_000);
        assertThat(harness.route(99_998, 5 * SECOND).candidates()).extracting(RoutingHarness.Candidate::successRatePpm)
            .containsOnly(500_000);
    }

    @Test
    void shouldExploreAShareOfDecisionsReproduciblyFromTheCommand()
    {
        final String config = RoutingConfigs.withDefault("success-rate", "success-rate { exploration = 0.3 }\n");
        harness.applyConfig(RoutingHarness.TENANT, config);
        final RoutingHarness again = new RoutingHarness();
        again.applyConfig(RoutingHarness.TENANT, config);

        int explored = 0;
        for (long payment = 1; payment <= 2_000; payment++)
        {
            final RoutingHarness.Decision first = harness.route(payment, payment * 1_000);
            final RoutingHarness.Decision second = again.route(payment, payment * 1_000);
            assertThat(second).isEqualTo(first);
            explored += first.explored() ? 1 : 0;
        }
        assertThat(explored).isBetween(500, 700);
    }

    @Test
    void shouldRankASingleEligibleCandidateWithoutDrawing()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withDefault("success-rate", "success-rate { exploration = 1.0 }\n"));
        final RoutingHarness.Decision decision = harness.route(1, SECOND, r -> r.currency = 826);
        assertThat(decision.order()).containsExactly("stripe");
        assertThat(decision.explored()).isFalse();
    }

    /**
     * Routes {@code count} payments, each reporting one outcome at {@code processor}.
     */
    private void feed(final String processor, final int count, final int approved, final long firstPayment)
    {
        for (int i = 0; i < count; i++)
        {
            final long payment = firstPayment + i;
            harness.route(payment, SECOND);
            harness.outcome(payment, processor, i < approved ? Outcome.APPROVED : Outcome.HARD_DECLINE, "", SECOND);
        }
    }
}
