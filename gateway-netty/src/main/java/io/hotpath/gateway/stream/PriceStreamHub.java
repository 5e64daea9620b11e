package io.hotpath.gateway.stream;

import io.grpc.Status;
import io.hotpath.core.shard.OutboxHandler;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongPredicate;

/**
 * The engine's price streams: the open subscribers, one feed per shard (each shard's outbox
 * handler, on its egress thread), and the drainer thread that writes to the gRPC streams.
 *
 * <pre>
 *   shard logic --outbox--&gt; egress --&gt; ShardPriceFeed --offer--&gt; PriceSubscriber (latest price per SKU)
 *                                                                       |
 *   gRPC onReady ---------------------------------------------- schedule+--&gt; drainer --&gt; onNext
 * </pre>
 *
 * <p>Thread-safe: fronts register and cancel subscribers, egress threads feed them, the drainer
 * sends.
 */
public final class PriceStreamHub implements AutoCloseable
{
    /**
     * Ends a subscription in the engine: publishes {@code UnsubscribePrices} through the control
     * plane, which retries it while the shard's ring is full, so the shard stops following its prices.
     */
    @FunctionalInterface
    public interface Unsubscriber
    {
        void unsubscribe(long tenantId, long subscriptionId);
    }

    private final ConcurrentHashMap<Long, PriceSubscriber> subscribers = new ConcurrentHashMap<>();
    private final ShardPriceFeed[] feeds;
    private final PriceStreamDrainer drainer;
    private final int maxStreams;
    private final Unsubscriber unsubscriber;
    private final LongAdder refused = new LongAdder();

    /**
     * @param shards     shards feeding streams.
     * @param maxWatches each shard logic's watch capacity.
     * @param maxStreams most streams open at once in the engine; more are refused.
     * @param unsubscriber ends subscriptions in the engine whose streams ended here.
     */
    public PriceStreamHub(final int shards, final int maxWatches, final int maxStreams, final Unsubscriber unsubscriber)
    {
        this.maxStreams = maxStreams;
        this.unsubscriber = unsubscriber;
        feeds = new ShardPriceFeed[shards];
        for (int shardId = 0; shardId < shards; shardId++)
        {
            feeds[shardId] = new ShardPriceFeed(this, maxWatches);
        }
        drainer = new PriceStreamDrainer(this, maxStreams + 1);
        drainer.start();
    }

    /**
     * @return the handler of shard {@code shardId}'s outbox.
     */
    public OutboxHandler feed(final int shardId)
    {
        return feeds[shardId];
    }

    /**
     * Admits a new stream before its subscription is published, so no price can arrive for it unseen.
     *
     * @return false, counted, if the engine already serves its limit of streams.
     */
    public boolean register(final PriceSubscriber subscriber)
    {
        if (subscribers.size() >= maxStreams)
        {
            refused.increment();
            return false;
        }
        subscribers.put(subscriber.subscriptionId(), subscriber);
        return true;
    }

    /**
     * Ends a stream whose subscription the engine refused or could not take, with {@code status}.
     */
    public void fail(final PriceSubscriber subscriber, final Status status)
    {
        subscribers.remove(subscriber.subscriptionId());
        subscriber.end(status);
        drainer.wake(subscriber);
    }

    /**
     * The client went away (or its stream broke): the engine stops following its prices. The
     * stream leaves the hub when the engine's end arrives.
     */
    public void cancelled(final PriceSubscriber subscriber)
    {
        unsubscriber.unsubscribe(subscriber.tenantId(), subscriber.subscriptionId());
    }

    /**
     * Forgets a stream that never reached the engine.
     */
    public void forget(final PriceSubscriber subscriber)
    {
        subscribers.remove(subscriber.subscriptionId());
    }

    /**
     * Has a subscriber drained soon after a price arrives for it, unless it waits for onReady.
     */
    public void schedule(final PriceSubscriber subscriber)
    {
        drainer.schedule(subscriber);
    }

    /**
     * gRPC says the subscriber's stream is ready again, or its stream ended: drain it.
     */
    public void wake(final PriceSubscriber subscriber)
    {
        drainer.wake(subscriber);
    }

    /**
     * @return streams open.
     */
    public int openStreams()
    {
        return subscribers.size();
    }

    /**
     * @return the open streams, for inspection.
     */
    public Collection<PriceSubscriber> openSubscribers()
    {
        return Collections.unmodifiableCollection(subscribers.values());
    }

    /**
     * @return streams refused because the engine served its limit.
     */
    public long refused()
    {
        return refused.sum();
    }

    /**
     * Ends the open streams of the tenants that {@code onShard} says belong to a shard that stopped here (in a cluster, it
     * moved to another node), with {@code status}: nothing would feed them any more.
     */
    public void endShard(final LongPredicate onShard, final Status status)
    {
        for (final PriceSubscriber subscriber : subscribers.values())
        {
            if (onShard.test(subscriber.tenantId()))
            {
                fail(subscriber, status);
            }
        }
    }

    /**
     * Ends every open stream with {@code status}, so clients can go elsewhere, and a graceful
     * shutdown does not wait on streams that never end by themselves.
     */
    public void endAll(final Status status)
    {
        for (final PriceSubscriber subscriber : subscribers.values())
        {
            fail(subscriber, status);
        }
    }

    @Override
    public void close()
    {
        endAll(Status.UNAVAILABLE.withDescription("the engine is shutting down"));
        drainer.close();
    }

    /**
     * A stream that can no longer be written to: forgotten here, ended in the engine.
     */
    void abandon(final PriceSubscriber subscriber)
    {
        subscribers.remove(subscriber.subscriptionId());
        cancelled(subscriber);
    }

    PriceSubscriber subscriber(final long subscriptionId)
    {
        return subscribers.get(subscriptionId);
    }

    PriceSubscriber remove(final long subscriptionId)
    {
        return subscribers.remove(subscriptionId);
    }
}
