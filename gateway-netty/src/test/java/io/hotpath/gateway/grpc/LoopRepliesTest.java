package io.hotpath.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.gateway.EventLoops;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replies handed to a real Netty event loop from another thread: sent on the loop, many for one task; on the handing
 * thread when the loop's queue is full; not at all once the loop has stopped.
 */
@Timeout(30)
class LoopRepliesTest
{
    private static final String LOOP_NAME = "loop-replies-test";

    private final List<String> sentOn = new CopyOnWriteArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private EventLoopGroup group;
    private EventLoop executor;
    private LoopReplies.Loop loop;

    @BeforeEach
    void startLoop() throws Exception
    {
        group = EventLoops.group(1, LOOP_NAME);
        executor = group.next();
        final LoopReplies replies = new LoopReplies(group);
        loop = executor.submit(replies::current).get(5, TimeUnit.SECONDS);
        assertThat(replies.current()).as("this thread runs no loop").isNull();
    }

    @AfterEach
    void stopLoop()
    {
        held.countDown();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldSendRepliesHandedFromAnotherThreadOnTheLoopAllForOneTask() throws Exception
    {
        holdTheLoop();

        for (int i = 0; i < 100; i++)
        {
            loop.hand(this::record);
        }

        assertThat(((SingleThreadEventExecutor)executor).pendingTasks()).as("one task for the hundred replies").isEqualTo(1);
        assertThat(sentOn).isEmpty();
        held.countDown();
        awaitSent(100);
        assertThat(sentOn).allSatisfy(thread -> assertThat(thread).startsWith(LOOP_NAME));
    }

    @Test
    void shouldScheduleTheLoopAgainForRepliesHandedAfterItsLastLook() throws Exception
    {
        loop.hand(this::record);
        awaitSent(1);

        loop.hand(this::record);

        awaitSent(2);
        assertThat(sentOn).allSatisfy(thread -> assertThat(thread).startsWith(LOOP_NAME));
    }

    @Test
    void shouldSendOnTheHandingThreadWhenTheLoopHasAFullQueue() throws Exception
    {
        holdTheLoop();
        for (int i = 0; i < LoopReplies.CAPACITY; i++)
        {
            loop.hand(() -> sentOn.add("queued"));
        }

        loop.hand(this::record);

        assertThat(sentOn).containsExactly(Thread.currentThread().getName());
        held.countDown();
        awaitSent(LoopReplies.CAPACITY + 1);
    }

    @Test
    void shouldDiscardRepliesForALoopThatHasStoppedAndItsConnectionsWithIt()
    {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();

        loop.hand(this::record);
        loop.hand(this::record);

        assertThat(sentOn).isEmpty();
    }

    @Test
    void shouldSendTheRepliesBehindOneThatFails() throws Exception
    {
        holdTheLoop();
        loop.hand(() ->
        {
            throw new IllegalStateException("this reply fails");
        });
        loop.hand(this::record);

        held.countDown();

        awaitSent(1);
        assertThat(sentOn).allSatisfy(thread -> assertThat(thread).startsWith(LOOP_NAME));
    }

    private void record()
    {
        sentOn.add(Thread.currentThread().getName());
    }

    private void holdTheLoop() throws InterruptedException
    {
        final CountDownLatch holding = new CountDownLatch(1);
        executor.execute(() ->
        {
            holding.countDown();
            try
            {
                held.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private void awaitSent(final int count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sentOn.size() < count && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertThat(sentOn).hasSize(count);
    }
}
