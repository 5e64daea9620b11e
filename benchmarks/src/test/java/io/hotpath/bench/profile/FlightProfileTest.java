package io.hotpath.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real recording of this JVM, with one thread kept busy in a method of its own and another asleep, read back.
 */
class FlightProfileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNameTheBusyThreadAndItsMethodAndLeaveTheSleepingOneOut() throws Exception
    {
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread busy = new Thread(() -> spin(running), "hotpath-test-busy-7");
        final Thread idle = new Thread(() -> sleep(running), "hotpath-test-idle-3");
        busy.start();
        idle.start();
        final Path file = dir.resolve("run.jfr");
        try
        {
            Recordings.during(file, Duration.ofMillis(200), () ->
            {
                Thread.sleep(1_200);
                System.gc();
                Thread.sleep(100);
                System.gc();
                Thread.sleep(1_200);
                return null;
            });
        }
        finally
        {
            running.set(false);
            busy.join();
            idle.join();
        }

        final FlightProfile profile = FlightProfile.read("test", file, thread -> thread.startsWith("hotpath-test"));

        assertThat(profile.recording()).isEqualTo(file);
        assertThat(profile.samples()).as("10 ms samples of the busy thread over about 2 s").isGreaterThan(20);
        assertThat(profile.methods().get(0).name()).isEqualTo("bench.profile.FlightProfileTest.spin");
        assertThat(profile.threads()).extracting(FlightProfile.Share::name).contains("hotpath-test-busy-N");
        final double busyLoad = profile.threads().stream().filter(share -> share.name().equals("hotpath-test-busy-N"))
            .findFirst().orElseThrow().fraction();
        final double idleLoad = profile.threads().stream().filter(share -> share.name().equals("hotpath-test-idle-N"))
            .mapToDouble(FlightProfile.Share::fraction).sum();
        assertThat(busyLoad).as("one core of the host's, busy").isGreaterThan(0.2);
        assertThat(idleLoad).isLessThan(0.05);
        assertThat(profile.hostCpu()).isGreaterThanOrEqualTo(profile.jvmCpu() * 0.9).isGreaterThan(0.2);
        assertThat(profile.pauses().count()).as("the two collections asked for while recorded").isGreaterThanOrEqualTo(2);
        assertThat(profile.pauses().nanos()).isPositive();
        assertThat(profile.markdown(dir)).contains("`run.jfr`", "`hotpath-test-busy-N`", "`bench.profile.FlightProfileTest.spin`")
            .containsPattern("- GC: \\d+ collections, their pauses \\d+\\.\\d ms in all");
    }

    @Test
    void shouldSayWhatTheJitCompiledAndThrewAwayOnlyWhenItDidAnything()
    {
        final FlightProfile.Jit jit = new FlightProfile.Jit(3, 1_450_000_000L,
            List.of(new FlightProfile.Share("routing.Router.decide", 0.6),
                new FlightProfile.Share("com.lmax.disruptor.BatchEventProcessor.processEvents", 0.4)), 40,
            List.of(new FlightProfile.Share("io.netty.channel.Channel.bytesBeforeUnwritable (unstable_if)", 1.0)));
        final FlightProfile profile = new FlightProfile("run", dir.resolve("run.jfr"), 0.9, 0.8, List.of(), List.of(), 0, List.of(), jit,
            FlightProfile.Pauses.NONE);
        assertThat(profile.markdown(dir)).contains("- JIT: 3 compilations over 100 ms, 1.5 s in all: `routing.Router.decide` 60%, "
            + "`com.lmax.disruptor.BatchEventProcessor.processEvents` 40%; 40 deoptimizations: "
            + "`io.netty.channel.Channel.bytesBeforeUnwritable (unstable_if)` 100%");

        final FlightProfile.Jit none = new FlightProfile.Jit(0, 0, List.of(), 0, List.of());
        assertThat(new FlightProfile("run", dir.resolve("run.jfr"), 0.9, 0.8, List.of(), List.of(), 0, List.of(), none,
            FlightProfile.Pauses.NONE).markdown(dir))
            .doesNotContain("JIT").doesNotContain("- GC:");
    }

    @Test
    void shouldGroupThreadsByNameWithoutTheirNumbers()
    {
        assertThat(FlightProfile.group("hotpath-shard-12-logic")).isEqualTo("hotpath-shard-N-logic");
        assertThat(FlightProfile.group("grpc-default-worker-ELG-3-1")).isEqualTo("grpc-default-worker-ELG-N-N");
    }

    private static void spin(final AtomicBoolean running)
    {
        long x = 1;
        while (running.get())
        {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        if (x == 42)
        {
            System.out.println(x);
        }
    }

    private static void sleep(final AtomicBoolean running)
    {
        while (running.get())
        {
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
