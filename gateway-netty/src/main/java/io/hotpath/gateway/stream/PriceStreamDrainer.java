package io.hotpath.gateway.stream;

import io.grpc.Status;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to price streams. Parks when there is nothing to do, so it costs
 * nothing on an idle host.
 *
 * <pre>
 *   a price arrives (egress)    schedule: queue the subscriber unless it is queued or waiting for onReady
 *   onReady, or the end         wake: queue a subscriber that waits for it
 *   drained all                 unscheduled, then queued again if a price slipped in meanwhile
 *   not ready                   waits for onReady; checked once more, so a ready that raced is not lost
 * </pre>
 *
 * A subscriber whose client does not read costs an offer a conflation write and nothing else.
 */
final class PriceStreamDrainer implements Runnable
{
    private static final Logger LOG = LoggerFactory.getLogger(PriceStreamDrainer.class);

    private final ManyToOneConcurrentArrayQueue<PriceSubscriber> ready;
    private final PriceStreamHub hub;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param capacity most subscribers open at once: each is queued at most once.
     */
    PriceStreamDrainer(final PriceStreamHub hub, final int capacity)
    {
        this.hub = hub;
        ready = new ManyToOneConcurrentArrayQueue<>(capacity);
        thread = new Thread(this, "hotpath-price-streams");
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /**
     * Any thread: has {@code subscriber} drained soon, unless it is already queued or waits for
     * onReady. Never blocks.
     */
    void schedule(final PriceSubscriber subscriber)
    {
        if (subscriber.scheduled.compareAndSet(false, true))
        {
            enqueue(subscriber);
        }
    }

    /**
     * Any thread: the stream became ready, or ended; drain it if it was waiting for that.
     */
    void wake(final PriceSubscriber subscriber)
    {
        if (subscriber.awaitingReady.compareAndSet(true, false))
        {
            enqueue(subscriber);
        }
        else
        {
            schedule(subscriber);
        }
    }

    private void enqueue(final PriceSubscriber subscriber)
    {
        if (!ready.offer(subscriber))
        {
            // Cannot happen while the hub admits no more subscribers than the queue holds.
            LOG.error("price stream {} could not be scheduled: the drain queue is full", subscriber.subscriptionId());
            return;
        }
        LockSupport.unpark(thread);
    }

    @Override
    public void run()
    {
        while (running || !ready.isEmpty())
        {
            final PriceSubscriber subscriber = ready.poll();
            if (subscriber == null)
            {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            try
            {
                switch (subscriber.drain())
                {
                    case ALL:
                        subscriber.scheduled.set(false);
                        if (subscriber.hasPending())
                        {
                            schedule(subscriber);
                        }
                        break;
                    case NOT_READY:
                        subscriber.awaitingReady.set(true);
                        if (subscriber.ready() && subscriber.awaitingReady.compareAndSet(true, false))
                        {
                            enqueue(subscriber);
                        }
                        break;
                    default:
                        break;
                }
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("price stream {} failed while sending; it is ended", subscriber.subscriptionId(), ex);
                subscriber.abort(Status.INTERNAL.withDescription("price stream failed"));
                hub.abandon(subscriber);
            }
        }
    }

    /**
     * Stops after draining what is scheduled.
     */
    void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
