package io.hotpath.routing;

import static io.hotpath.routing.RoutingHarness.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigValidationTest
{
    private final RoutingHarness harness = new RoutingHarness();

    @Test
    void shouldNameTheFileLinePathAndProblem()
    {
        final String error = harness.applyConfig(RoutingHarness.TENANT, """
            processors = [
              { id = adyen, networks = [visa], currencies = [EUR, EUX] }
            ]
            default { strategy = priority, processors = [adyen] }
            """);
        assertThat(error).isEqualTo("routing-test.conf:2: processors[0].currencies[1]: unknown currency \"EUX\"");
    }

    @Test
    void shouldRejectAnUnknownProcessorInARoute()
    {
        assertThat(harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("""
            { name = r, route { strategy = priority, processors = [adyen, paypal] } }
            """))).matches("routing-test\\.conf:\\d+: rules\\[0\\]\\.route\\.processors\\[1\\]: unknown processor \"paypal\"");
    }

    @Test
    void shouldRejectBadValuesNamingTheirField()
    {
        assertThat(invalid("{ name = r, route { strategy = fastest, processors = [adyen] } }"))
            .contains("rules[0].route.strategy: unknown strategy \"fastest\"");
        assertThat(invalid("{ name = r, when { bin { prefix = [\"41x1\"] } }, route { strategy = priority, processors = [adyen] } }"))
            .contains("rules[0].when.bin.prefix[0]: must be 1 to 8 digits");
        assertThat(invalid("{ name = r, when { amount { min = 10, max = 5 } }, route { strategy = priority, processors = [adyen] } }"))
            .contains("rules[0].when.amount: min 10 is above max 5");
        assertThat(invalid("{ name = r, when { colour = red }, route { strategy = priority, processors = [adyen] } }"))
            .contains("rules[0].when.colour: unknown condition");
        assertThat(invalid("{ name = r, route { strategy = volume-split, processors = [checkout] } }"))
            .contains("needs a volume-target on processor \"checkout\"");
        assertThat(harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("") + "health.error-rate = 1.5\n"))
            .contains("health.error-rate: must be between 0 and 1");
        assertThat(harness.applyConfig(RoutingHarness.TENANT, "processors = [ { id = a } ]\n"))
            .contains("processors[0]: missing field networks");
        assertThat(harness.applyConfig(RoutingHarness.TENANT, "processors = [ { id = a, networks = [visa], currencies = [EUR] } ] {"))
            .startsWith("routing-test.conf: ");
    }

    @Test
    void shouldKeepThePreviousConfigInForceWhenANewOneIsRejected()
    {
        assertThat(harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules(""))).isNull();
        final long version = harness.routing.table(RoutingHarness.TENANT).version();

        assertThat(harness.applyConfig(RoutingHarness.TENANT, "processors = []")).isNotNull();

        assertThat(harness.routing.table(RoutingHarness.TENANT).version()).isEqualTo(version);
        assertThat(harness.route(1, SECOND).order()).containsExactly("adyen", "stripe");
    }

    private String invalid(final String rule)
    {
        return harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules(rule));
    }
}
