package io.hotpath.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpath.core.testing.AllocationMeter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RuleLanguageTest
{
    private static final String RULES = """
        # Tenant 42's fraud rules
        allow  "trusted device"        if device_allowed
        block  "card testing"          if ip_distinct_cards_1h >= 5 or device_distinct_cards_24h >= 4
        block  "very risky"            if score >= 900
        challenge "mismatch, no 3DS"   if country_mismatch and not three_ds_authenticated
        review "large unknown card"    if amount > 1000 and not (known_card or card_count_1h > 3)
        score +150 "night"             if hour_of_day < 5
        score -50 "known customer"     if known_card == true
        shadow block "experiment"      if card_count_1h >= 2
        """;

    private final RuleSet rules = rules(RULES);
    private final double[] inputs = new double[RuleVariable.values().length];
    private final RuleVerdict verdict = new RuleVerdict(rules.size());

    @Test
    void shouldAllowWhenNothingFires()
    {
        set(RuleVariable.AMOUNT, 50);
        set(RuleVariable.HOUR_OF_DAY, 14);
        evaluate(false, false);
        assertThat(verdict.action()).isEqualTo(RuleAction.ALLOW);
        assertThat(verdict.decidingRule()).isEqualTo(-1);
        assertThat(verdict.firedCount()).isZero();
    }

    @Test
    void shouldCombineAndOrNotAndParentheses()
    {
        set(RuleVariable.AMOUNT, 1500);
        set(RuleVariable.HOUR_OF_DAY, 14);
        evaluate(false, false);
        assertThat(verdict.action()).isEqualTo(RuleAction.REVIEW);
        assertThat(rules.rule(verdict.decidingRule()).name()).isEqualTo("large unknown card");

        set(RuleVariable.CARD_COUNT_1H, 4);
        evaluate(false, false);
        assertThat(verdict.action()).as("the parenthesised or now holds").isEqualTo(RuleAction.ALLOW);

        set(RuleVariable.CARD_COUNT_1H, 0);
        set(RuleVariable.IP_DISTINCT_CARDS_1H, 5);
        evaluate(false, false);
        assertThat(rules.rule(verdict.decidingRule()).name()).isEqualTo("card testing");
    }

    @Test
    void shouldApplyPrecedenceAllowThenBlockThenChallengeThenReview()
    {
        set(RuleVariable.AMOUNT, 1500);
        set(RuleVariable.COUNTRY_MISMATCH, 1);
        set(RuleVariable.HOUR_OF_DAY, 12);
        evaluate(false, false);
        assertThat(verdict.action()).as("challenge beats review").isEqualTo(RuleAction.CHALLENGE);

        set(RuleVariable.SCORE, 950);
        evaluate(false, false);
        assertThat(verdict.action()).as("block beats challenge").isEqualTo(RuleAction.BLOCK);
        assertThat(rules.rule(verdict.decidingRule()).name()).isEqualTo("very risky");

        set(RuleVariable.DEVICE_ALLOWED, 1);
        evaluate(false, false);
        assertThat(verdict.action()).as("an allow rule beats block").isEqualTo(RuleAction.ALLOW);
        assertThat(rules.rule(verdict.decidingRule()).name()).isEqualTo("trusted device");

        set(RuleVariable.DEVICE_ALLOWED, 0);
        evaluate(true, true);
        assertThat(verdict.action()).as("an allow list beats a block list").isEqualTo(RuleAction.ALLOW);
        assertThat(verdict.decidedByList()).isTrue();

        set(RuleVariable.SCORE, 0);
        set(RuleVariable.COUNTRY_MISMATCH, 0);
        set(RuleVariable.AMOUNT, 10);
        evaluate(false, true);
        assertThat(verdict.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(verdict.decidedByList()).isTrue();
    }

    @Test
    void shouldAddScoresAndReportShadowRulesWithoutActing()
    {
        set(RuleVariable.HOUR_OF_DAY, 3);
        set(RuleVariable.KNOWN_CARD, 1);
        set(RuleVariable.CARD_COUNT_1H, 2);
        evaluate(false, false);

        assertThat(verdict.scoreDelta()).isEqualTo(100);
        assertThat(verdict.action()).isEqualTo(RuleAction.ALLOW);
        assertThat(verdict.shadowCount()).isEqualTo(1);
        assertThat(rules.rule(verdict.shadowFired(0)).name()).isEqualTo("experiment");
        assertThat(verdict.firedCount()).isEqualTo(2);
    }

    @Test
    void shouldNameTheFileAndLineOfEachSyntaxError()
    {
        assertError("block \"a\" when amount > 5", "rules-42.txt:1: expected \"if\" after the rule name, found \"when\"");
        assertError("\n\nreject \"a\" if amount > 5",
            "rules-42.txt:3: expected an action (allow, block, challenge, review, score), found \"reject\"");
        assertError("block \"a\" if shoe_size > 44", "rules-42.txt:1: unknown variable \"shoe_size\"");
        assertError("block \"a\" if (amount > 5", "rules-42.txt:1: expected \")\"");
        assertError("block \"a\" if amount >", "rules-42.txt:1: expected a number, a variable or \"(\" at the end of the line");
        assertError("score 10 \"a\" if amount > 5", "rules-42.txt:1: expected + or - after score, found \"10\"");
        assertError("block \"a\" if amount > 5 5", "rules-42.txt:1: unexpected \"5\" after the condition");
        assertError("block \"a\" if amount > 5\nreview \"a\" if amount > 9", "rules-42.txt:2: rule \"a\" is declared twice");
        assertError("block \"a if amount > 5", "rules-42.txt:1: unterminated rule name");
        assertError("block \"a\" if amount ~ 5", "rules-42.txt:1: unexpected character '~'");
    }

    @Test
    void shouldEvaluateWithoutAllocating()
    {
        final long[] rounds = AllocationMeter.rounds(() ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                inputs[RuleVariable.AMOUNT.ordinal()] = i % 3_000;
                inputs[RuleVariable.HOUR_OF_DAY.ordinal()] = i % 24;
                inputs[RuleVariable.SCORE.ordinal()] = i % 1_000;
                rules.evaluate(inputs, false, (i & 7) == 0, verdict);
            }
        });
        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
    }

    private void assertError(final String text, final String message)
    {
        assertThatThrownBy(() -> RuleParser.parse(text, "rules-42.txt")).isInstanceOf(RuleSyntaxException.class).hasMessage(message);
    }

    private void set(final RuleVariable variable, final double value)
    {
        inputs[variable.ordinal()] = value;
    }

    private void evaluate(final boolean allowListed, final boolean blockListed)
    {
        rules.evaluate(inputs, allowListed, blockListed, verdict);
    }

    private static RuleSet rules(final String text)
    {
        try
        {
            return new RuleSet(RuleParser.parse(text, "rules-42.txt"));
        }
        catch (final RuleSyntaxException ex)
        {
            throw new AssertionError(ex.getMessage(), ex);
        }
    }
}
