package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A short soak against the packaged engine in a process of its own: the timeline, the engine's RSS
 * and its GC log are read and reported, and every request is answered.
 */
@Timeout(180)
class SoakCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldLoadAnEngineOfItsOwnAndReportPercentilesRssGcPausesAndSnapshots() throws Exception
    {
        final String home = System.getProperty("hotpath.home");
        System.setProperty("hotpath.home", Path.of("..").toAbsolutePath().normalize().toString());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream stdout = System.out;
        final int exit;
        try
        {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new SoakCommand()).execute("--duration", "4", "--warm-up", "3", "--rate", "300", "--interval", "1",
                "--tenants", "2", "--snapshot-every", "4", "--dir", dir.toString());
        }
        finally
        {
            System.setOut(stdout);
            if (home == null)
            {
                System.clearProperty("hotpath.home");
            }
            else
            {
                System.setProperty("hotpath.home", home);
            }
        }
        final String report = out.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(report).isZero();
        assertThat(report).contains("sustained: sent 1,200, answered 1,200").contains("unanswered 0");
        assertThat(report).containsPattern("engine GC pauses: \\d+ in all, \\d+ after the warm-up");
        assertThat(report).containsPattern("engine RSS \\d+ MiB at the start of the measurement");
        assertThat(report).containsPattern("(?m)^ +\\d+ +[0-9,]+ +[0-9.]+ (us|ms) .* \\d+$");
        assertThat(report).as("intervals in which a snapshot was stored are marked").containsPattern("(?m)^ +\\d+ +[0-9,]+ .* \\d+ yes$")
            .containsPattern("snapshots: \\d+ intervals of \\d+ hold one; worst interval p99.9 with a snapshot [0-9.]+ (us|ms), without");
        assertThat(Files.readString(dir.resolve("gc.log"))).as("the engine's GC log").contains("Using");
        assertThat(report).as("a rate this low fits the default").contains("262,144 live quotes a shard");
    }

    @Test
    void shouldSizeTheQuoteTableForTheQuoteRateTimesTheExampleTtl()
    {
        final Config defaults = ConfigFactory.parseMap(Map.of("hotpath.shards", 2, "hotpath.pricing.limits.quotes", 262_144));
        // 5,000 a second, one in five a quote, live 10 minutes: 600,000, half on each shard, half again: 450,000.
        assertThat(SoakCommand.quoteLimit(5_000, 0.2, defaults)).isEqualTo(524_288);
        // 20,000 a second: 1,800,000 a shard.
        assertThat(SoakCommand.quoteLimit(20_000, 0.2, defaults)).isEqualTo(2_097_152);
        assertThat(SoakCommand.quoteLimit(300, 0.2, defaults)).as("never below the default").isEqualTo(262_144);
        assertThat(SoakCommand.quoteLimit(5_000, 0, defaults)).isEqualTo(262_144);
    }
}
