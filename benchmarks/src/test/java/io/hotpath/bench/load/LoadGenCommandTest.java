package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The load generator end to end against an engine it starts itself, over each protocol: every
 * request answered, nothing refused or failed, and an interval log with a histogram per kind.
 */
@Timeout(180)
class LoadGenCommandTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"grpc-unary", "grpc-stream", "binary"})
    void shouldAnswerEveryRequestOfTheMixAndLogItsLatencies(final String protocol) throws Exception
    {
        final Path hlog = dir.resolve(protocol + ".hlog");
        final Run run = run("--protocol", protocol, "--rate", "400", "--duration", "2", "--warm-up", "1", "--tenants", "4",
            "--hlog", hlog.toString(), "--no-progress", "--shards", "1");

        assertThat(run.exit).as(run.out + run.err).isZero();
        assertThat(run.out).contains("sustained: sent 800, answered 800").contains("refused 0, failed 0, unanswered 0");
        assertThat(run.out).containsPattern("decide +[0-9,]+ ").containsPattern("quote +[0-9,]+ ").containsPattern("all +800 ");
        long logged = 0;
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        EncodableHistogram interval;
        boolean tagged = false;
        while ((interval = reader.nextIntervalHistogram()) != null)
        {
            logged += ((Histogram)interval).getTotalCount();
            tagged |= "decide".equals(interval.getTag());
        }
        assertThat(logged).as("the warm-up's answers are logged too").isGreaterThanOrEqualTo(800);
        assertThat(tagged).isTrue();
    }

    @Test
    void shouldFindTheHighestRateThatMeetsTheTarget() throws Exception
    {
        final Run run = run("--find-max", "--rate", "200", "--max-rate", "400", "--p99", "2000", "--duration", "1", "--warm-up", "1",
            "--tenants", "2", "--hlog", dir.resolve("max.hlog").toString(), "--no-progress", "--shards", "1", "--mix", "decide=1");

        assertThat(run.exit).as(run.out + run.err).isZero();
        assertThat(run.out).containsPattern("200 /s .* pass").containsPattern("400 /s .* pass")
            .contains("400 requests a second is the highest rate tried");
        assertThat(Files.readString(dir.resolve("max.hlog"))).contains("#find-max step: 400 requests a second");
    }

    @Test
    void shouldRefuseAnUnknownProtocol() throws Exception
    {
        final Run run = run("--protocol", "carrier-pigeon", "--no-progress");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("--protocol: grpc-unary, grpc-stream or binary");
    }

    private static Run run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream stdout = System.out;
        try
        {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            final CommandLine line = new CommandLine(new LoadGenCommand())
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler((failure, commandLine, parseResult) ->
                {
                    commandLine.getErr().println(failure.getMessage());
                    return 2;
                });
            final int exit = line.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(stdout);
        }
    }

    private record Run(int exit, String out, String err)
    {
    }
}
