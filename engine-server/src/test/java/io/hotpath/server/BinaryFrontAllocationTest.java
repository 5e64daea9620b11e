package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.sbe.PingResultDecoder;
import io.hotpath.gateway.LeakDetection;
import io.hotpath.gateway.binary.client.HotpathClient;
import io.hotpath.gateway.binary.client.Reply;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The binary front allocates nothing per command once warm: not on its event loop (frames read in
 * place, published into the ring, replies drained into pooled buffers) and not on the shard's
 * egress thread (replies into the connection's ring), whether the shard runs a thread per stage
 * or one for all. Read from each thread's allocated-bytes
 * counter over rounds of pipelined pings; steady state is a round in which neither thread
 * allocates a byte. Measured as {@code ./engine} runs the front, with Netty's leak detection off
 * ({@link LeakDetection}): at Netty's default it records a stack trace for one buffer in 128.
 */
@Timeout(120)
class BinaryFrontAllocationTest
{
    private static final int ROUNDS = 30;
    private static final int BATCHES = 50;
    private static final int BATCH = 200;

    @TempDir
    Path journal;

    @ParameterizedTest
    @CsvSource({"dedicated, hotpath-shard-0-egress", "shared, hotpath-shard-0-stages"})
    void shouldAllocateNothingPerCommandOnTheEventLoopOrTheEgressThread(final String threading, final String egressThread)
        throws Exception
    {
        final ResourceLeakDetector.Level suiteLevel = LeakDetection.applyForEngine();
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1, "hotpath.binary.port", 0,
                "hotpath.ring.threading", threading));
            HotpathClient client = HotpathClient.connect(HotpathClient.Options.of("127.0.0.1", engine.engine.binaryPort())))
        {
            final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final List<PingCommand> pings = new ArrayList<>();
            for (int i = 0; i < BATCH; i++)
            {
                pings.add(new PingCommand());
            }
            final long[] correlation = {1};
            final Runnable round = () ->
            {
                for (int batch = 0; batch < BATCHES; batch++)
                {
                    for (final PingCommand ping : pings)
                    {
                        ping.set(1, correlation[0]++, 0);
                    }
                    for (final CompletableFuture<Reply> reply : client.send(pings))
                    {
                        // Bounded: a lost reply fails the test rather than hanging it (join cannot be interrupted).
                        assertThat(reply).succeedsWithin(Duration.ofSeconds(10))
                            .satisfies(answer -> assertThat(answer.templateId()).isEqualTo(PingResultDecoder.TEMPLATE_ID));
                    }
                }
            };
            round.run();
            final long eventLoop = thread("hotpath-binary");
            final long egress = thread(egressThread);
            final long[] eventLoopBytes = new long[ROUNDS];
            final long[] egressBytes = new long[ROUNDS];
            int steady = -1;
            for (int i = 0; i < ROUNDS && steady < 0; i++)
            {
                final long loopBefore = threads.getThreadAllocatedBytes(eventLoop);
                final long egressBefore = threads.getThreadAllocatedBytes(egress);
                round.run();
                eventLoopBytes[i] = threads.getThreadAllocatedBytes(eventLoop) - loopBefore;
                egressBytes[i] = threads.getThreadAllocatedBytes(egress) - egressBefore;
                if (eventLoopBytes[i] == 0 && egressBytes[i] == 0)
                {
                    steady = i;
                }
            }
            assertThat(steady).as("a round of %,d commands allocating nothing on the event loop %s and egress %s",
                BATCHES * BATCH, Arrays.toString(eventLoopBytes), Arrays.toString(egressBytes)).isNotNegative();
        }
        finally
        {
            ResourceLeakDetector.setLevel(suiteLevel);
        }
    }

    private static long thread(final String namePrefix)
    {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith(namePrefix))
            .mapToLong(Thread::getId).findFirst().orElseThrow(() -> new AssertionError("no thread " + namePrefix));
    }
}
