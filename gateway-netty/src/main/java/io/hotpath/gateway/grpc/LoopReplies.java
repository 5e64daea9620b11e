package io.hotpath.gateway.grpc;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries unary replies from the shards' egress threads to the event loops that read their calls, in batches.
 *
 * <p>A reply sent from a thread that is not its call's event loop costs that thread, for each reply, three commands put
 * on grpc's cross-thread write queue and, when the loop sleeps, a wake-up; and the loop then writes the commands into
 * stream state last touched on another core. Here the egress thread puts the finished reply on its loop's queue, and
 * wakes the loop at most once for all the replies the loop has not yet taken: the loop sends each reply as a call it
 * read would be answered in place, and grpc flushes them to each connection once per batch.
 *
 * <pre>
 *   egress thread ─► reply ─► loop's queue ─(one task per batch)─► event loop: sendHeaders, sendMessage, close ─► flush
 * </pre>
 *
 * <p>A full queue costs nothing but the batching: the reply is sent on the thread that has it, as it would be without a
 * loop. A loop that has stopped has closed its connections, so the replies to their calls are discarded.
 */
final class LoopReplies
{
    /** Replies one loop may have waiting: far more than the shards' rings hold at once. */
    static final int CAPACITY = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(LoopReplies.class);

    private final Loop[] loops;

    /**
     * @param executors the event loops that serve the calls.
     */
    LoopReplies(final Iterable<? extends EventExecutor> executors)
    {
        final List<Loop> all = new ArrayList<>();
        executors.forEach(executor -> all.add(new Loop(executor)));
        loops = all.toArray(new Loop[0]);
    }

    /**
     * @return the loop the calling thread runs, or null when it runs none of them.
     */
    Loop current()
    {
        for (final Loop loop : loops)
        {
            if (loop.executor.inEventLoop())
            {
                return loop;
            }
        }
        return null;
    }

    /**
     * A reply ready to send, sent on its call's loop.
     */
    interface Reply
    {
        /**
         * Sends the reply through its call; on the loop, or on the thread that has it when the loop cannot take it.
         */
        void send();
    }

    /**
     * One event loop and the replies waiting for it.
     */
    static final class Loop implements Runnable
    {
        private final EventExecutor executor;
        private final ManyToOneConcurrentArrayQueue<Reply> waiting = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Loop(final EventExecutor executor)
        {
            this.executor = executor;
        }

        /**
         * @return true on this loop's thread.
         */
        boolean inLoop()
        {
            return executor.inEventLoop();
        }

        /**
         * Queues {@code reply} for the loop, and has the loop take the queue unless it is already due to.
         */
        void hand(final Reply reply)
        {
            if (!waiting.offer(reply))
            {
                send(reply);
                return;
            }
            // The loop clears the flag before it takes the queue, so a reply queued after its last look schedules it again.
            if (!scheduled.get() && scheduled.compareAndSet(false, true))
            {
                try
                {
                    executor.execute(this);
                }
                catch (final RejectedExecutionException ex)
                {
                    discard();
                }
            }
        }

        /**
         * Sends the replies queued when it starts; those queued meanwhile have scheduled it again.
         */
        @Override
        public void run()
        {
            scheduled.set(false);
            for (int left = waiting.size(); left > 0; left--)
            {
                final Reply reply = waiting.poll();
                if (reply == null)
                {
                    return;
                }
                send(reply);
            }
        }

        /**
         * Netty refuses a task only once its loop has stopped, and the loop's connections have closed with it: their calls
         * have ended, and a reply has nowhere to go.
         */
        private void discard()
        {
            int discarded = 0;
            while (waiting.poll() != null)
            {
                discarded++;
            }
            scheduled.set(false);
            LOG.debug("{} replies to calls on a stopped event loop discarded", discarded);
        }

        private static void send(final Reply reply)
        {
            try
            {
                reply.send();
            }
            catch (final Throwable failure)
            {
                // A bug, not an outcome: that call's reply fails alone, and the replies behind it are still sent.
                LOG.error("a reply failed to send", failure);
            }
        }
    }
}
