package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardContext;
import io.hotpath.core.shard.ShardThreading;
import io.hotpath.core.shard.WaitStrategyKind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A front's event loop preempted while it holds a claim on a shard's ring: it has claimed a slot and not yet published
 * it. The shard's threads must park until it publishes, not spin through the preemption on a core the loop needs.
 */
@Timeout(60)
class HeldClaimTest
{
    /** How long the publisher holds its claim while the shard's threads are watched. */
    private static final long HELD_MILLIS = 400;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ShardThreading.class)
    void shouldParkTheShardsThreadsWhileAPublisherHoldsAClaimAndAnswerOnceItPublishes(final ShardThreading threading)
        throws Exception
    {
        final ShardContext context = ShardContext.defaults(0).withThreading(threading).withWaitStrategy(WaitStrategyKind.PARKING);
        final Shard shard = ShardFixture.start(dir, context, ShardFixture.freshLogic(dir), Durability.MAPPED);
        try
        {
            final PingCommand ping = new PingCommand().set(3, 1, 1);
            final CompletableFuture<Long> first = new CompletableFuture<>();
            assertThat(shard.tryPublish(ping, event -> first.complete(correlationId(event.result())))).isEqualTo(Shard.PUBLISHED);
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);

            final CountDownLatch claimed = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final CommandSource held = buffer ->
            {
                claimed.countDown();
                await(release);
                return new PingCommand().set(3, 2, 2).encodeCommand(buffer);
            };
            final CompletableFuture<Long> answered = new CompletableFuture<>();
            final Thread publisher = new Thread(() -> shard.tryPublish(held, event -> answered.complete(correlationId(event.result()))),
                "test-publisher");
            publisher.start();
            assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
            // Past the park bound, so that every thread has woken at least once and found the slot claimed.
            Thread.sleep(5 * WaitStrategyKind.PARK_BOUND_MILLIS);

            final long before = cpuNanos(shard);
            Thread.sleep(HELD_MILLIS);
            final long spent = cpuNanos(shard) - before;
            release.countDown();

            assertThat(answered.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            publisher.join(30_000);
            // Parked, each thread wakes once a park bound to look and parks again: a few dozen short wake-ups in the window.
            // Spinning, one thread alone takes the whole window, or its share of a busy host's cores.
            assertThat(spent).as("CPU time of the shard's %d threads while the claim was held for %d ms", shard.threads().size(),
                HELD_MILLIS).isLessThan(TimeUnit.MILLISECONDS.toNanos(HELD_MILLIS) / 10);
        }
        finally
        {
            shard.close();
        }
    }

    private static long cpuNanos(final Shard shard)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (final Thread thread : shard.threads())
        {
            nanos += threads.getThreadCpuTime(thread.getId());
        }
        return nanos;
    }

    private static long correlationId(final DirectBuffer result)
    {
        return new ResultMetaDecoder().wrap(result, MessageHeaderDecoder.ENCODED_LENGTH).correlationId();
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
