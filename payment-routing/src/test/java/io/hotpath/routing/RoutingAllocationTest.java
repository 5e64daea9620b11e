package io.hotpath.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.testing.AllocationMeter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The decision path and the outcome path allocate nothing once warm: read from this thread's
 * allocated-bytes counter over rounds of 100,000 routes and outcomes over every strategy, with
 * exploration, breaker transitions and cascade evictions, until one round allocates nothing.
 */
class RoutingAllocationTest
{
    private static final String[] PROCESSORS = {"adyen", "stripe", "checkout"};
    private static final long[] KEYS = {TextKeys.of("adyen"), TextKeys.of("stripe"), TextKeys.of("checkout")};
    private static final Outcome[] OUTCOMES = {Outcome.APPROVED, Outcome.SOFT_DECLINE, Outcome.ERROR, Outcome.APPROVED, Outcome.TIMEOUT};

    private final RoutingHarness harness = new RoutingHarness();

    @Test
    void shouldAllocateNothingToRouteAndRecordOutcomesOnceWarm()
    {
        assertThat(harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("""
            { name = split, when { channel = recurring }, route { strategy = volume-split, processors = [adyen, stripe] } }
            { name = rate, when { network = mastercard }, route { strategy = success-rate, processors = [adyen, stripe, checkout] } }
            { name = value, when { amount { min = 50000 } }, route { strategy = expected-value, processors = [stripe, adyen] } }
            {
              name = cost, when { any = [ { bin { prefix = ["4111"] } }, { mcc = 5999 } ] }
              route { strategy = least-cost, processors = [adyen, stripe] }
            }
            """) + "success-rate.exploration = 0.1\nhealth { min-calls = 5, error-rate = 0.3, open-for = 2s, probe-share = 0.5 }\n"))
            .isNull();
        final int[] next = {0};
        final long[] rounds = AllocationMeter.rounds(() ->
        {
            run(next[0], next[0] + 100_000);
            next[0] += 100_000;
        });

        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
    }

    private void run(final int from, final int to)
    {
        final RouteCommand route = harness.route;
        final OutcomeCommand outcome = harness.outcome;
        for (int i = from; i < to; i++)
        {
            final long time = i * 1_000_000L;
            route.tenantId = RoutingHarness.TENANT;
            route.correlationId = i;
            route.ingressTime = time;
            route.paymentId = i;
            route.amount = 1_000 + (i % 97) * 1_000;
            route.currency = 978;
            route.network = i % 3 == 0 ? io.hotpath.core.sbe.CardNetwork.MASTERCARD : io.hotpath.core.sbe.CardNetwork.VISA;
            route.cardType = io.hotpath.core.sbe.CardType.CREDIT;
            route.bin = i % 5 == 0 ? 411111 : 424242;
            route.binLength = 6;
            route.issuerCountry = 'D' << 8 | 'E';
            route.customerCountry = 'D' << 8 | 'E';
            route.mcc = 5411;
            route.channel = i % 4 == 0 ? io.hotpath.core.sbe.Channel.RECURRING : io.hotpath.core.sbe.Channel.ECOMMERCE;
            route.clearMetadata();
            harness.decide(route);

            outcome.tenantId = RoutingHarness.TENANT;
            outcome.correlationId = i;
            outcome.ingressTime = time + 500_000;
            outcome.paymentId = i;
            outcome.processorKey = KEYS[i % PROCESSORS.length];
            outcome.outcome = OUTCOMES[i % OUTCOMES.length];
            outcome.responseCodeKey = 0;
            harness.decide(outcome);
        }
    }
}
