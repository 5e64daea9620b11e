package io.hotpath.routing;

import static io.hotpath.routing.RoutingHarness.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.Exclusion;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ThreeDsStatus;
import org.junit.jupiter.api.Test;

class RuleSemanticsTest
{
    private final RoutingHarness harness = new RoutingHarness();

    @Test
    void shouldApplyTheFirstMatchingRuleAndListIneligibleProcessorsWithTheReason()
    {
        assertThat(harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("""
            { name = amex, when { network = amex }, route { strategy = priority, processors = [stripe, adyen] } }
            { name = any-visa, when { network = visa }, route { strategy = priority, processors = [stripe] } }
            """))).isNull();

        final RoutingHarness.Decision amex = harness.route(1, SECOND, r -> r.network = CardNetwork.AMEX);
        assertThat(amex.rule()).isEqualTo("amex");
        assertThat(amex.order()).containsExactly("adyen");
        assertThat(amex.excluded()).containsExactly(new RoutingHarness.Excluded("stripe", Exclusion.NETWORK_UNSUPPORTED));

        assertThat(harness.route(2, SECOND).rule()).isEqualTo("any-visa");
    }

    @Test
    void shouldFallBackToTheDefaultWhenNoRuleMatches()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("""
            { name = moto, when { channel = moto }, route { strategy = priority, processors = [stripe] } }
            """));

        final RoutingHarness.Decision decision = harness.route(1, SECOND);
        assertThat(decision.rule()).isEqualTo("default");
        assertThat(decision.order()).containsExactly("adyen", "stripe");
    }

    @Test
    void shouldCombineConditionsWithAndOrAndNot()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("""
            {
              name = big-eu
              when {
                amount { min = 50000, max = 1000000 }
                any = [ { currency = EUR }, { issuer-country = [GB, IE] } ]
                not { three-ds = authenticated }
              }
              route { strategy = priority, processors = [stripe] }
            }
            """));

        assertThat(harness.route(1, SECOND, r -> r.amount = 60_000).rule()).isEqualTo("big-eu");
        assertThat(harness.route(2, SECOND, r -> r.amount = 49_999).rule()).isEqualTo("default");
        assertThat(harness.route(3, SECOND, r -> r.amount = 1_000_001).rule()).isEqualTo("default");
        assertThat(harness.route(4, SECOND, r ->
        {
            r.amount = 60_000;
            r.currency = CurrencyCodes.parse("USD");
        }).rule()).isEqualTo("default");
        assertThat(harness.route(5, SECOND, r ->
        {
            r.amount = 60_000;
            r.currency = CurrencyCodes.parse("USD");
            r.issuerCountry = CountryCodes.parse("IE");
        }).rule()).isEqualTo("big-eu");
        assertThat(harness.route(6, SECOND, r ->
        {
            r.amount = 60_000;
            r.threeDs = ThreeDsStatus.AUTHENTICATED;
        }).rule()).isEqualTo("default");
    }

    @Test
    void shouldMatchBinPrefixesAndRangesOfSixToEightDigits()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("""
            { name = test-cards, when { bin { prefix = ["4111"] } }, route { strategy = priority, processors = [stripe] } }
            {
              name = range, when { bin { range = [ { from = "510000", to = "519999" } ] } }
              route { strategy = priority, processors = [stripe] }
            }
            {
              name = long-range, when { bin { range = [ { from = "52000000", to = "52000049" } ] } }
              route { strategy = priority, processors = [stripe] }
            }
            """));

        assertThat(bin(411111, 6)).isEqualTo("test-cards");
        assertThat(bin(41111111, 8)).isEqualTo("test-cards");
        assertThat(bin(411211, 6)).isEqualTo("default");
        assertThat(bin(512345, 6)).isEqualTo("range");
        assertThat(bin(51234567, 8)).isEqualTo("range");
        assertThat(bin(520000, 6)).as("a 6-digit BIN wider than an 8-digit range").isEqualTo("default");
        assertThat(bin(52000042, 8)).isEqualTo("long-range");
        assertThat(bin(52000050, 8)).isEqualTo("default");
    }

    @Test
    void shouldMatchMccChannelAndTenantMetadata()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules("""
            {
              name = grocery-recurring, when { mcc = [5411, 5412], channel = recurring }
              route { strategy = priority, processors = [stripe] }
            }
            { name = vip, when { metadata { tier = gold } }, route { strategy = priority, processors = [stripe] } }
            """));

        assertThat(harness.route(1, SECOND, r -> r.channel = Channel.RECURRING).rule()).isEqualTo("grocery-recurring");
        assertThat(harness.route(2, SECOND, r -> r.mcc = 5999).rule()).isEqualTo("default");
        assertThat(harness.route(3, SECOND, r -> r.addMetadata(TextKeys.of("tier"), TextKeys.of("gold"))).rule()).isEqualTo("vip");
        assertThat(harness.route(4, SECOND, r -> r.addMetadata(TextKeys.of("tier"), TextKeys.of("silver"))).rule()).isEqualTo("default");
    }

    @Test
    void shouldAnswerNoEligibleProcessorWhenEveryCandidateIsRuledOut()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules(""));

        final RoutingHarness.Decision decision = harness.route(1, SECOND, r -> r.currency = CurrencyCodes.parse("JPY"));
        assertThat(decision.code()).isEqualTo(ResultCode.NO_ELIGIBLE_PROCESSOR);
        assertThat(decision.candidates()).isEmpty();
        assertThat(decision.excluded()).extracting(RoutingHarness.Excluded::reason)
            .containsExactly(Exclusion.CURRENCY_UNSUPPORTED, Exclusion.CURRENCY_UNSUPPORTED);
    }

    @Test
    void shouldRefuseAnUnknownTenantAndABadBinNamingTheField()
    {
        assertThat(harness.route(1, SECOND).failure()).startsWith("tenant_id:");
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withRules(""));
        assertThat(harness.route(1, SECOND, r -> r.binLength = 5).failure()).startsWith("card.bin:");
        assertThat(harness.route(1, SECOND, r -> r.amount = -1).failure()).startsWith("amount:");
    }

    private String bin(final int bin, final int length)
    {
        return harness.route(bin, SECOND, r ->
        {
            r.bin = bin;
            r.binLength = length;
        }).rule();
    }
}
