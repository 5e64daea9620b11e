package io.hotpath.tools.whatif;

import static io.hotpath.tools.ToolCommandLine.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.hotpath.server.EngineCommandLine.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engine replay what-if} on a journal {@code journal generate} writes through real shards
 * with the example configs (40,000 mixed commands, four tenants, two shards, a snapshot every
 * 10,000), each test changing one line of one example config.
 */
@Timeout(180)
class WhatIfTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TENANT = 2;

    @TempDir
    static Path dir;
    private static Path journal;

    @BeforeAll
    static void generate()
    {
        journal = dir.resolve("journal");
        final Run run = run("journal", "generate", "--journal", journal.toString(), "--commands", "40000", "--tenants", "4",
            "--snapshot-every", "10000", "--no-progress");
        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void shouldChangeNothingWhenTheConfigUnderTestIsTheOneTheTenantRan() throws IOException
    {
        for (final String domain : List.of("routing", "fraud", "pricing"))
        {
            final Path config = example(domain, "version = 1", "version = 1");
            final Path out = dir.resolve("same-" + domain + ".json");
            final Run run = whatIf(domain, config, out, "--report", dir.resolve("same-" + domain + ".html").toString());

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(changes(out)).as(domain).isEmpty();
            assertThat(run.out()).contains("the tenant's config replaced 1 time(s)").contains("payment decisions: ")
                .containsPattern("payment decisions: [0-9,]+ compared, 0 changed");
        }
    }

    @Test
    void shouldReportPaymentsAStricterFraudRuleWouldHaveBlocked() throws IOException
    {
        final Path config = example("fraud", "if score >= 900", "if score >= 250");
        final Path out = dir.resolve("fraud.json");
        final Path page = dir.resolve("fraud.html");
        final Run run = whatIf("fraud", config, out, "--report", page.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        final List<JsonNode> changes = changes(out);
        assertThat(changes).isNotEmpty().allSatisfy(change ->
        {
            assertThat(change.get("tenant").asLong()).isEqualTo(TENANT);
            assertThat(change.get("engineSequence").isTextual()).as("64-bit, as proto3 JSON writes it").isTrue();
            assertThat(change.get("scoreAfter").isInt()).as("32-bit stays a number").isTrue();
            assertThat(change.get("command").asText()).isEqualTo("DecidePayment");
            assertThat(change.get("actionAfter").asText()).isEqualTo("BLOCK");
            assertThat(change.get("ruleAfter").asText()).isEqualTo("very risky");
            assertThat(change.get("scoreAfter").asInt()).isGreaterThanOrEqualTo(250).isLessThan(900);
            assertThat(change.get("routeAfter").asText()).isEqualTo("(not routed)");
        });
        assertThat(run.out()).contains("ALLOW -> BLOCK");
        final String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Payment actions").contains("ALLOW")
            .contains("class=\"moved\"").doesNotContain("<script").doesNotContain("http://cdn").doesNotContain("src=");
    }

    @Test
    void shouldReportRoutingChangesByProcessorAsCsv() throws IOException
    {
        final Path config = example("routing", "route { strategy = priority, processors = [stripe] }",
            "route { strategy = priority, processors = [checkout] }");
        final Path out = dir.resolve("routing.csv");
        final Run run = whatIf("routing", config, out, "--report", dir.resolve("routing.html").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out).get(0))
            .startsWith("shard,engineSequence,commandTime,tenant,command,id,changed,actionBefore,actionAfter");
        final List<Map<String, String>> rows = new ArrayList<>();
        final CsvMapper csv = new CsvMapper();
        try (MappingIterator<Map<String, String>> read =
            csv.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader()).readValues(out.toFile()))
        {
            read.forEachRemaining(rows::add);
        }
        // Test BINs went to stripe; now to checkout where it takes the payment. Volume moved between processors also
        // moves their success rates, so other routes may change too, but no test BIN goes to stripe any more.
        assertThat(rows).anySatisfy(row ->
        {
            assertThat(row.get("routeBefore")).isEqualTo("stripe");
            assertThat(row.get("routeAfter")).isEqualTo("checkout");
            assertThat(row.get("routeRuleAfter")).isEqualTo("test BINs");
        });
        assertThat(rows).noneSatisfy(row ->
        {
            assertThat(row.get("routeAfter")).isEqualTo("stripe");
            assertThat(row.get("routeRuleAfter")).isEqualTo("test BINs");
        });
        assertThat(rows).allSatisfy(row -> assertThat(row.get("changed")).isNotEmpty());
        assertThat(run.out()).containsPattern("stripe [0-9,]+ -> [0-9,]+").containsPattern("checkout [0-9,]+ -> [0-9,]+");
    }

    @Test
    void shouldReportPriceChangesAsADistributionForTheSkuWhosePriceChanged() throws IOException
    {
        final Path config = example("pricing", "price = 129,", "price = 149,");
        final Path out = dir.resolve("pricing.json");
        final Path page = dir.resolve("pricing.html");
        final Run run = whatIf("pricing", config, out, "--report", page.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        final List<JsonNode> quotes = changes(out).stream().filter(change -> change.get("command").asText().equals("Quote")).toList();
        assertThat(quotes).isNotEmpty().allSatisfy(change ->
        {
            assertThat(change.get("sku").asText()).isEqualTo("MILK-1L");
            assertThat(change.get("unitPriceDelta").asLong()).isPositive();
            assertThat(change.get("unitPriceAfter").asLong()).isEqualTo(change.get("unitPriceBefore").asLong()
                + change.get("unitPriceDelta").asLong());
        });
        assertThat(run.out()).containsPattern("quotes: [0-9,]+ compared, [1-9][0-9,]* changed; unit price change p5");
        assertThat(Files.readString(page)).contains("Price changes").contains("MILK-1L").contains("higher");
    }

    @Test
    void shouldCompareOnlyTheRangeAskedForStartingFromASnapshot() throws IOException
    {
        final Path config = example("fraud", "if score >= 900", "if score >= 250");
        final Path out = dir.resolve("ranged.json");
        final Run run = whatIf("fraud", config, out, "--from", "12000", "--to", "16000", "--report", dir.resolve("r.html").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(changes(out)).allSatisfy(change -> assertThat(change.get("engineSequence").asLong()).isBetween(12_000L, 16_000L));
        // restored from a snapshot before 12,000, whose configs of the tenant the replay replaces
        assertThat(run.out()).contains("commands from 12000 to 16000").contains("replaced 1 time(s)");
    }

    @Test
    void shouldRefuseAConfigTheDomainDoesNotAcceptNamingWhatIsWrong() throws IOException
    {
        final Path config = example("fraud", "if score >= 900", "if scor >= 900");
        final Run run = whatIf("fraud", config, null);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is not a valid fraud config").contains("scor");
        assertThat(whatIf("shipping", config, null).err()).contains("--domain must be routing, fraud or pricing");
    }

    private static Run whatIf(final String domain, final Path config, final Path out, final String... more)
    {
        final List<String> args = new ArrayList<>(List.of("replay", "what-if", "--journal", journal.toString(), "--tenant",
            String.valueOf(TENANT), "--domain", domain, "--config", config.toString(), "--no-progress"));
        if (out != null)
        {
            args.addAll(List.of("--out", out.toString()));
        }
        if (more.length == 0)
        {
            args.addAll(List.of("--report", dir.resolve(domain + "-page.html").toString()));
        }
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /**
     * @return the example config of the domain with one piece of text replaced, in a new file.
     */
    private static Path example(final String domain, final String text, final String replacement) throws IOException
    {
        try (InputStream in = WhatIfTest.class.getResourceAsStream("/examples/" + domain + "-example.conf"))
        {
            final String original = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(original).contains(text);
            final Path file = dir.resolve(domain + "-" + Math.abs((text + replacement).hashCode()) + ".conf");
            Files.writeString(file, original.replace(text, replacement));
            return file;
        }
    }

    private static List<JsonNode> changes(final Path json) throws IOException
    {
        final List<JsonNode> changes = new ArrayList<>();
        JSON.readTree(json.toFile()).forEach(changes::add);
        return changes;
    }
}
