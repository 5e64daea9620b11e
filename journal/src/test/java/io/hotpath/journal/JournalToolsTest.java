package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.Shard;
import io.hotpath.journal.tools.JournalDump;
import io.hotpath.journal.tools.JournalLatency;
import io.hotpath.journal.tools.JournalStats;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspection tools and the ranged verifier, on one real journal of pings from three tenants,
 * a config, and a snapshot half way.
 *
 * <pre>
 *   engine sequence   1 .. 500     pings, tenant 1 + (i % 3), ingress time T0 + i ms
 *                     501          ApplyConfig (tenant 2, routing)
 *                     502          TakeSnapshot
 *                     503 .. 1002  pings, as before
 * </pre>
 */
@Timeout(60)
class JournalToolsTest
{
    private static final int PINGS = 1_000;
    private static final long MILLI = 1_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static long t0;

    @BeforeAll
    static void writeJournal() throws Exception
    {
        // Ingress times in the past, so that every result's egress time comes after its command's.
        t0 = (System.currentTimeMillis() / 1_000 - 10) * 1_000 * MILLI;
        final Shard shard = ShardFixture.start(dir);
        final CountDownLatch replies = new CountDownLatch(PINGS + 2);
        final PingCommand ping = new PingCommand();
        for (int i = 0; i < PINGS; i++)
        {
            if (i == PINGS / 2)
            {
                final byte[] config = "limit = 1".getBytes(StandardCharsets.US_ASCII);
                publish(shard, new ControlCommand.ApplyConfig(2, ConfigDomain.ROUTING, 1, config).source(-1, t0 + i * MILLI), replies);
                publish(shard, new ControlCommand.TakeSnapshot(7).source(-2, t0 + i * MILLI), replies);
            }
            publish(shard, ping.set(1 + (i % 3), 10_000 + i, t0 + i * MILLI), replies);
        }
        assertThat(replies.await(30, TimeUnit.SECONDS)).isTrue();
        shard.close();
    }

    @Test
    void shouldDumpEveryCommandAndResultAsOneLineOfJson() throws Exception
    {
        final List<JsonNode> lines = dump(new JournalDump.Filter(0, Set.of(), 0, Bound.NONE, Bound.NONE, true));

        assertThat(lines).hasSize(2 * (PINGS + 2));
        final JsonNode first = lines.get(0);
        assertThat(first.get("entry").asText()).isEqualTo("command");
        assertThat(first.get("sequence").asLong()).isEqualTo(1);
        assertThat(first.get("sequence").isTextual()).as("64-bit, as proto3 JSON writes it").isTrue();
        assertThat(first.get("type").asText()).isEqualTo("Ping");
        assertThat(Instant.parse(first.get("time").asText())).isEqualTo(Instant.ofEpochSecond(0, t0));
        assertThat(first.get("message").get("meta").get("tenantId").asLong()).isEqualTo(1);
        final JsonNode answer = lines.get(1);
        assertThat(answer.get("entry").asText()).isEqualTo("result");
        assertThat(answer.get("type").asText()).isEqualTo("PingResult");
        assertThat(answer.get("sequence").asLong()).isEqualTo(1);
        assertThat(answer.get("commandIndex").asText()).isEqualTo(first.get("index").asText());
    }

    @Test
    void shouldFilterTheDumpByTenantTypeIdAndRange() throws Exception
    {
        final List<JsonNode> tenantTwo = dump(new JournalDump.Filter(2, Set.of(), 0, Bound.NONE, Bound.NONE, false));
        assertThat(tenantTwo).hasSize(PINGS / 3 + 1)
            .allSatisfy(line -> assertThat(line.get("message").get("meta").get("tenantId").asLong()).isEqualTo(2));

        final List<JsonNode> configs =
            dump(new JournalDump.Filter(0, Set.of("ApplyConfig", "ConfigApplied"), 0, Bound.NONE, Bound.NONE, true));
        assertThat(configs).extracting(line -> line.get("type").asText()).containsExactly("ApplyConfig", "ConfigApplied");
        assertThat(configs.get(0).get("message").get("domain").asText()).isEqualTo("ROUTING");

        final List<JsonNode> byId = dump(new JournalDump.Filter(0, Set.of(), 10_042, Bound.NONE, Bound.NONE, true));
        assertThat(byId).hasSize(2).allSatisfy(line -> assertThat(line.get("sequence").asLong()).isEqualTo(43));

        final Bound from = Bound.parse(Instant.ofEpochSecond(0, t0 + 100 * MILLI).toString());
        final List<JsonNode> range = dump(new JournalDump.Filter(0, Set.of(), 0, from, Bound.parse("110"), false));
        assertThat(range).extracting(line -> line.get("sequence").asLong()).containsExactly(101L, 102L, 103L, 104L, 105L, 106L, 107L,
            108L, 109L, 110L);

        // By journal index, as a dump prints it: from the 200th command's to the 202nd's.
        final String from200 = range(dump(new JournalDump.Filter(0, Set.of(), 0, Bound.parse("200"), Bound.parse("200"), false)));
        final String to202 = range(dump(new JournalDump.Filter(0, Set.of(), 0, Bound.parse("202"), Bound.parse("202"), false)));
        assertThat(dump(new JournalDump.Filter(0, Set.of(), 0, Bound.parse(from200), Bound.parse(to202), false)))
            .extracting(line -> line.get("sequence").asLong()).containsExactly(200L, 201L, 202L);
    }

    @Test
    void shouldCountCommandsAndResultsByTypeAndRatePerInterval()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        JournalStats.print(dir, 100 * MILLI, new PrintStream(out, true, StandardCharsets.UTF_8));
        final String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).contains("1,002 commands, 1,002 results, 0 torn")
            .contains("Ping 1,000 (99.8%)")
            .contains("PingResult 1,000")
            .contains("per 100ms of command time (UTC)");
        // 100 pings in each 100 ms of command time, and the config and snapshot in one of them. The first and last rows hold
        // the journal's ends, so their rates are over their own first to last ping: 99 ms.
        assertThat(text.lines().filter(line -> line.endsWith("100 commands       1,000.0/s"))).hasSize(7);
        assertThat(text.lines().filter(line -> line.endsWith("100 commands       1,000.0/s over 99.0 ms"))).hasSize(2);
        assertThat(text.lines().filter(line -> line.endsWith("102 commands       1,020.0/s"))).hasSize(1);
    }

    @Test
    void shouldRateARowTheJournalCoversInPartOverThePartItCovers()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        JournalStats.print(dir, 60_000 * MILLI, new PrintStream(out, true, StandardCharsets.UTF_8));
        final String text = out.toString(StandardCharsets.UTF_8);

        // The whole journal, a second of command time, in one row of a minute: 1,002 commands from the first ping's time to
        // the last's, 999 ms, read as the rate they came at rather than spread over the minute (16.7/s).
        assertThat(text).contains("per 1m of command time (UTC)");
        assertThat(text.lines().filter(line -> line.endsWith("1,002 commands       1,002.0/s over 999.0 ms"))).hasSize(1);
    }

    @Test
    void shouldMeasureIngressToEgressLatencyAndWriteAnIntervalLogHdrHistogramReads() throws Exception
    {
        final Path hlog = dir.resolve("latency.hlog");
        final JournalLatency.Latencies latencies = JournalLatency.measure(dir, hlog, 100 * MILLI);

        assertThat(latencies.all().getTotalCount()).isEqualTo(PINGS + 2);
        assertThat(latencies.byType().get("Ping").getTotalCount()).isEqualTo(PINGS);
        assertThat(latencies.all().getMinValue()).isPositive();
        long logged = 0;
        int intervals = 0;
        try (FileInputStream in = new FileInputStream(hlog.toFile()))
        {
            final HistogramLogReader reader = new HistogramLogReader(in);
            Histogram interval;
            while ((interval = (Histogram)reader.nextIntervalHistogram()) != null)
            {
                logged += interval.getTotalCount();
                intervals++;
                assertThat(interval.getEndTimeStamp()).isGreaterThanOrEqualTo(interval.getStartTimeStamp());
            }
        }
        assertThat(logged).isEqualTo(PINGS + 2);
        assertThat(intervals).isEqualTo(10);
    }

    @Test
    void shouldVerifyARangeFromTheSnapshotBeforeItAndOnlyOneTenant()
    {
        final JournalReplayer.Range range = new JournalReplayer.Range(Bound.parse("600"), Bound.parse("700"), 3);
        try (JournalReader reader = JournalReader.open(dir))
        {
            final JournalReplayer.Start start = JournalReplayer.start(dir, reader, range, () -> ShardFixture.freshLogic(dir.resolve("r")));
            final JournalReplayer.Report report = JournalReplayer.verify(reader, start, range, 5, JournalReplayer.Progress.NONE);

            assertThat(start.snapshot()).isNotNull();
            assertThat(start.engineSequence()).isEqualTo(PINGS / 2 + 2);
            assertThat(report.identical()).isTrue();
            // from engine sequence 503 to 700 applied; 600..700 compared, tenant 3 only
            assertThat(report.commands()).isEqualTo(700 - (PINGS / 2 + 2));
            assertThat(report.compared()).isEqualTo(report.matched()).isBetween(33L, 34L);
        }
    }

    @Test
    void shouldStartAtTheJournalsStartWhenTheRangeComesBeforeEverySnapshot()
    {
        final JournalReplayer.Range range = new JournalReplayer.Range(Bound.parse("10"), Bound.parse("20"), 0);
        try (JournalReader reader = JournalReader.open(dir))
        {
            final JournalReplayer.Start start = JournalReplayer.start(dir, reader, range, () -> ShardFixture.freshLogic(dir.resolve("r")));
            final JournalReplayer.Report report = JournalReplayer.verify(reader, start, range, 5, JournalReplayer.Progress.NONE);

            assertThat(start.snapshot()).isNull();
            assertThat(report.commands()).isEqualTo(20);
            assertThat(report.compared()).isEqualTo(11);
            assertThat(report.identical()).isTrue();
        }
    }

    private static String range(final List<JsonNode> oneCommand)
    {
        assertThat(oneCommand).hasSize(1);
        return oneCommand.get(0).get("index").asText();
    }

    private static List<JsonNode> dump(final JournalDump.Filter filter) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final long written = JournalDump.dump(dir, filter, new PrintStream(out, true, StandardCharsets.UTF_8));
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : out.toString(StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isBlank())
            {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).hasSize((int)written);
        return lines;
    }

    private static void publish(final Shard shard, final CommandSource source, final CountDownLatch replies)
    {
        while (shard.tryPublish(source, event -> replies.countDown()) != Shard.PUBLISHED)
        {
            Thread.onSpinWait();
        }
    }
}
