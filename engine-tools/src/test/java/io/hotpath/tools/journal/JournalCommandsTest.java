package io.hotpath.tools.journal;

import static io.hotpath.tools.ToolCommandLine.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpath.server.EngineCommandLine.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code journal} and {@code replay verify} commands as an operator runs them, on a journal
 * {@code journal generate} writes through real shards: 30,000 mixed commands over two shards, a
 * snapshot of each shard after every 10,000.
 */
@Timeout(120)
class JournalCommandsTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path journal;

    @BeforeAll
    static void generate()
    {
        journal = dir.resolve("journal");
        final Run run = run("journal", "generate", "--journal", journal.toString(), "--commands", "30000", "--snapshot-every", "10000",
            "--tenants", "6");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("30,000 commands (and 3 snapshots per shard) through 2 shards");
    }

    @Test
    void shouldVerifyEveryResultOfAGeneratedJournalAsIdentical()
    {
        final Run run = run("replay", "verify", "--journal", journal.toString(), "--no-progress");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("shard 0: from the journal's start").contains("shard 1: from the journal's start")
            .contains("0 differ").contains("replay verify: 30,") .contains("every result identical");
    }

    @Test
    void shouldStartARangedVerifyFromTheSnapshotBeforeIt()
    {
        final Run run = run("replay", "verify", "--journal", journal.toString(), "--shard", "0", "--from", "9000", "--to", "9500",
            "--tenant", "1", "--no-progress");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("shard 0: from snapshot \\S+ \\(engine sequence [0-9,]+\\)");
        assertThat(run.out()).doesNotContain("shard 1");
    }

    @Test
    void shouldExitWithOneAndShowTheFirstMismatchesWhenTheLimitsDifferFromTheOnesTheShardsRanWith() throws IOException
    {
        // One tenant per shard instead of the default: the other tenants' configs are refused, so their decisions differ.
        final Path tight = dir.resolve("tight.conf");
        Files.writeString(tight, "hotpath.max-tenants-per-shard = 1\n");
        final Run run = run("replay", "verify", "--journal", journal.toString(), "--engine-config", tight.toString(),
            "--mismatches", "2", "--no-progress");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("MISMATCH shard").contains("command:  {").contains("journal:  {").contains("replayed: {")
            .contains("... and ").containsPattern("[0-9,]+ results differ");
    }

    @Test
    void shouldDumpOneTenantsPaymentDecisionsAsJsonLines() throws IOException
    {
        final Path out = dir.resolve("dump.jsonl");
        final Run run = run("journal", "dump", "--journal", journal.toString(), "--tenant", "3", "--type", "DecidePayment,PaymentDecision",
            "--to", "2000", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        final List<String> lines = Files.readAllLines(out);
        assertThat(lines).isNotEmpty();
        for (final String line : lines)
        {
            final JsonNode entry = JSON.readTree(line);
            assertThat(entry.get("type").asText()).isIn("DecidePayment", "PaymentDecision");
            assertThat(entry.get("message").get("meta").get("tenantId").asLong()).isEqualTo(3);
        }
        assertThat(lines.stream().filter(line -> line.contains("\"entry\":\"result\"")).count())
            .isEqualTo(lines.stream().filter(line -> line.contains("\"entry\":\"command\"")).count());
        assertThat(run.err()).contains("journal dump: " + String.format("%,d", lines.size()) + " entries from 2 shard(s)");
    }

    @Test
    void shouldCountTheJournalByTypeAndInterval()
    {
        final Run run = run("journal", "stats", "--journal", journal.toString(), "--interval", "10s");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("shard 0: ").contains("shard 1: ").contains("DecidePayment").contains("PaymentDecision")
            .contains("per 10s of command time (UTC)");
    }

    @Test
    void shouldWriteOneIntervalLogPerShard()
    {
        final Path hlog = dir.resolve("latency.hlog");
        final Run run = run("journal", "latency", "--journal", journal.toString(), "--hlog", hlog.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("ingress to egress (us)").contains("DecidePayment");
        assertThat(dir.resolve("latency-shard-0.hlog")).isNotEmptyFile();
        assertThat(dir.resolve("latency-shard-1.hlog")).isNotEmptyFile();
    }

    @Test
    void shouldRefuseBadInputWithOneLineAndExitTwo()
    {
        assertThat(run("journal", "generate", "--journal", journal.toString(), "--commands", "10").err()).contains("is not empty");
        assertThat(run("replay", "verify", "--journal", dir.resolve("none").toString()).err()).contains("no journal at");
        final Run badBound = run("replay", "verify", "--journal", journal.toString(), "--from", "yesterday");
        assertThat(badBound.exit()).isEqualTo(2);
        assertThat(badBound.err()).contains("expected an engine sequence, a journal index (0x...) or an ISO-8601 instant");
        assertThat(run("replay", "verify", "--journal", journal.toString(), "--shard", "7").err()).contains("no shard 7");
    }
}
