package io.hotpath.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.testing.AllocationMeter;
import io.hotpath.fraud.lists.FraudList;
import io.hotpath.fraud.lists.IpAddresses;
import io.hotpath.fraud.model.FraudFeature;
import io.hotpath.fraud.model.TreeEnsemble;
import io.hotpath.fraud.model.XgboostJsonLoader;
import io.hotpath.fraud.rules.RuleAction;
import io.hotpath.fraud.rules.RuleParser;
import io.hotpath.fraud.rules.RuleSet;
import io.hotpath.fraud.velocity.VelocityStore;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A whole score, single-threaded: velocity, lists, the shipped model and rules together.
 */
class FraudScorerTest
{
    private static final long T0 = 1_800_000_000L * 1_000_000_000L + 14 * 3_600_000_000_000L;
    private static final String RULES = """
        block "card testing"        if ip_distinct_cards_1h >= 5
        block "blocked"             if email_blocked
        review "very large"         if amount > 5000
        score +100 "no 3DS abroad"  if country_mismatch and not three_ds_authenticated
        shadow review "experiment"  if card_count_1h >= 1
        """;

    private final FraudScorer scorer = new FraudScorer(new VelocityStore(4_096));
    private final FraudResult result = new FraudResult(16);
    private final PaymentView payment = new PaymentView();
    private final FraudList block = new FraudList();
    private final FraudConfig config = config(model(), block);

    @Test
    void shouldAllowAnOrdinaryPaymentWithALowScore()
    {
        ordinary(1);
        scorer.score(config, payment, T0, result);

        assertThat(result.action()).isEqualTo(RuleAction.ALLOW);
        assertThat(result.score()).isBetween(0, 300);
        assertThat(result.score()).isEqualTo(result.modelScore());
        assertThat(result.shadowModelScore()).isEqualTo(result.modelScore());
    }

    @Test
    void shouldBlockCardTestingFromOneIpOnCommandTime()
    {
        for (int card = 1; card <= 5; card++)
        {
            ordinary(card);
            payment.ipLow = 0xFFFF_C633_6407L;
            scorer.score(config, payment, T0 + card, result);
            scorer.record(payment, T0 + card);
        }
        ordinary(6);
        payment.ipLow = 0xFFFF_C633_6407L;
        scorer.score(config, payment, T0 + 10, result);
        assertThat(result.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(config.rules().rule(result.rules().decidingRule()).name()).isEqualTo("card testing");
        assertThat(topFeatures()).contains(FraudFeature.IP_DISTINCT_CARDS_1H);

        scorer.score(config, payment, T0 + 2 * 3_600_000_000_000L, result);
        assertThat(result.action()).as("an hour later the burst is out of the window").isEqualTo(RuleAction.ALLOW);
    }

    @Test
    void shouldBlockAListedEmailAndAddScoreRules()
    {
        block.addEmail("mule@example.com");
        ordinary(7);
        payment.emailKey = FraudList.emailKey("MULE@example.com");
        payment.issuerCountry = CountryCodes.parse("NG");
        payment.threeDsAuthenticated = false;
        scorer.score(config, payment, T0, result);

        assertThat(result.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(result.rules().decidedByList()).isTrue();
        assertThat(result.score()).isEqualTo(Math.min(1000, result.modelScore() + 100));
    }

    @Test
    void shouldReportShadowRulesWithoutActing()
    {
        ordinary(8);
        scorer.score(config, payment, T0, result);
        scorer.record(payment, T0);
        scorer.score(config, payment, T0 + 1, result);

        assertThat(result.action()).isEqualTo(RuleAction.ALLOW);
        assertThat(result.rules().shadowCount()).isEqualTo(1);
    }

    @Test
    void shouldScoreAndRecordWithoutAllocating()
    {
        final long[] clock = {T0};
        final long[] rounds = AllocationMeter.rounds(() ->
        {
            for (int i = 0; i < 50_000; i++)
            {
                // Keys as the fronts would have computed them: no strings in the loop.
                payment.cardFingerprint = 0x5EED_0000L + i % 500;
                payment.customerKey = 0xC057_0000L + i % 70;
                payment.emailKey = 0xE3A1_0000L + i % 70;
                payment.deviceKey = 0xDE71_0000L + i % 110;
                payment.ipLow = 0xFFFF_0A00_0000L + i % 50;
                payment.amount = 100 + i % 9_000;
                clock[0] += 1_000_000;
                scorer.score(config, payment, clock[0], result);
                scorer.record(payment, clock[0]);
            }
        });
        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
    }

    private void ordinary(final long card)
    {
        payment.amount = 4_999;
        payment.currencyDigits = 2;
        payment.cardFingerprint = 0x5EED_0000L + card;
        payment.bin = 457173;
        payment.binLength = 6;
        payment.customerKey = TextKeys.of("customer-" + card % 7);
        payment.emailKey = TextKeys.of("customer" + card % 7 + "@example.com");
        payment.deviceKey = TextKeys.of("device-" + card % 11);
        final long[] ip = new long[2];
        IpAddresses.parse("192.0.2.1", ip);
        payment.ipHigh = ip[0];
        payment.ipLow = ip[1] + card % 13;
        payment.issuerCountry = 'D' << 8 | 'E';
        payment.customerCountry = 'D' << 8 | 'E';
        payment.threeDsAuthenticated = true;
        payment.moto = false;
    }

    private java.util.List<FraudFeature> topFeatures()
    {
        final java.util.List<FraudFeature> features = new java.util.ArrayList<>();
        for (int i = 0; i < result.topFeatureCount(); i++)
        {
            features.add(result.topFeature(i));
        }
        return features;
    }

    private static FraudConfig config(final TreeEnsemble model, final FraudList block)
    {
        try
        {
            return new FraudConfig(new RuleSet(RuleParser.parse(RULES, "rules.txt")), block, new FraudList(), model, model, true);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static TreeEnsemble model()
    {
        try (InputStream in = FraudScorerTest.class.getResourceAsStream("/models/default-fraud-model.json"))
        {
            return XgboostJsonLoader.load(in.readAllBytes(), "default-1");
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }
}
