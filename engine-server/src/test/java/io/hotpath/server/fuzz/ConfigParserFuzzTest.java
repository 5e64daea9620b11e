package io.hotpath.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hotpath.core.config.ConfigProblem;
import io.hotpath.fraud.FraudConfigException;
import io.hotpath.fraud.FraudConfigParser;
import io.hotpath.fraud.rules.RuleParser;
import io.hotpath.fraud.rules.RuleSyntaxException;
import io.hotpath.pricing.book.PricingConfigParser;
import io.hotpath.routing.config.RoutingConfigParser;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for every parser of text a tenant's operator writes: routing configs, fraud configs,
 * the fraud rule language, price books. Whatever the text, a parser answers with a config or with
 * its own error naming the line and field; any other exception (a bounds error, a stack overflow,
 * a library's error escaping unexplained) is a finding.
 *
 * <p>With the tests, each target runs its regression corpus (the example configs and every input
 * that once failed, under {@code src/test/resources/io/hotpath/gateway/fuzz/ConfigParserFuzzTestInputs/}).
 * {@code JAZZER_FUZZ=1} fuzzes instead; see the README.
 */
class ConfigParserFuzzTest
{
    @FuzzTest(maxDuration = "10s")
    void routingConfig(final byte[] input)
    {
        try
        {
            RoutingConfigParser.parse(text(input), "fuzz.conf", 1);
        }
        catch (final ConfigProblem expected)
        {
            // the parser's own answer to bad text
        }
    }

    @FuzzTest(maxDuration = "10s")
    void fraudConfig(final byte[] input)
    {
        try
        {
            FraudConfigParser.parse(text(input), "fuzz.conf");
        }
        catch (final FraudConfigException expected)
        {
            // the parser's own answer to bad text
        }
    }

    @FuzzTest(maxDuration = "10s")
    void fraudRules(final byte[] input)
    {
        try
        {
            RuleParser.parse(text(input), "fuzz.conf");
        }
        catch (final RuleSyntaxException expected)
        {
            // the parser's own answer to bad text
        }
    }

    @FuzzTest(maxDuration = "10s")
    void priceBook(final byte[] input)
    {
        try
        {
            PricingConfigParser.parse(text(input), "fuzz.conf", 1);
        }
        catch (final ConfigProblem expected)
        {
            // the parser's own answer to bad text
        }
    }

    private static String text(final byte[] input)
    {
        return new String(input, StandardCharsets.UTF_8);
    }
}
