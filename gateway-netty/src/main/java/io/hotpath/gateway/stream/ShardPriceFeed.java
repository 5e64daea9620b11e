package io.hotpath.gateway.stream;

import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PriceStreamBindDecoder;
import io.hotpath.core.sbe.PriceStreamEndDecoder;
import io.hotpath.core.sbe.PriceStreamUpdateDecoder;
import io.hotpath.core.shard.OutboxHandler;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * Fans one shard's released price stream messages out to its subscribers, on the shard's egress
 * thread, which alone touches this object.
 *
 * <pre>
 *   Bind   (subscription, index, watch, price)  attach the subscriber's slot to the watch; offer the first price
 *   Update (watch, price)                       offer the price to every slot attached to the watch
 *   End    (subscription)                       detach the subscriber's slots; end its stream
 * </pre>
 *
 * An update costs one conflation write per attached slot and allocates nothing; binds and ends
 * (subscriptions starting and stopping) copy the small attachment arrays.
 */
final class ShardPriceFeed implements OutboxHandler
{
    private static final PriceSubscriber[] NO_SUBSCRIBERS = new PriceSubscriber[0];
    private static final int[] NO_INDEXES = new int[0];

    private final PriceStreamHub hub;
    private final PriceSubscriber[][] subscribers;
    private final int[][] indexes;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PriceStreamBindDecoder bind = new PriceStreamBindDecoder();
    private final PriceStreamUpdateDecoder update = new PriceStreamUpdateDecoder();
    private final PriceStreamEndDecoder end = new PriceStreamEndDecoder();

    /**
     * @param maxWatches the shard logic's watch capacity: watch ids are below it.
     */
    ShardPriceFeed(final PriceStreamHub hub, final int maxWatches)
    {
        this.hub = hub;
        subscribers = new PriceSubscriber[maxWatches][];
        indexes = new int[maxWatches][];
        Arrays.fill(subscribers, NO_SUBSCRIBERS);
        Arrays.fill(indexes, NO_INDEXES);
    }

    @Override
    public void onMessage(final long engineSequence, final DirectBuffer message, final int offset, final int length)
    {
        switch (header.wrap(message, offset).templateId())
        {
            case PriceStreamUpdateDecoder.TEMPLATE_ID:
                onUpdate(update.wrapAndApplyHeader(message, offset, header));
                break;
            case PriceStreamBindDecoder.TEMPLATE_ID:
                onBind(bind.wrapAndApplyHeader(message, offset, header));
                break;
            case PriceStreamEndDecoder.TEMPLATE_ID:
                onEnd(end.wrapAndApplyHeader(message, offset, header).subscriptionId());
                break;
            default:
                break;
        }
    }

    private void onUpdate(final PriceStreamUpdateDecoder message)
    {
        final int watch = message.watchId();
        final PriceSubscriber[] attached = subscribers[watch];
        final int[] slots = indexes[watch];
        final long price = message.price();
        final long asOf = message.asOf();
        for (int i = 0; i < attached.length; i++)
        {
            attached[i].offer(slots[i], price, asOf);
            hub.schedule(attached[i]);
        }
    }

    private void onBind(final PriceStreamBindDecoder message)
    {
        final PriceSubscriber subscriber = hub.subscriber(message.subscriptionId());
        if (subscriber == null)
        {
            return;
        }
        final int watch = message.watchId();
        final int index = message.index();
        final int n = subscribers[watch].length;
        subscribers[watch] = Arrays.copyOf(subscribers[watch], n + 1);
        indexes[watch] = Arrays.copyOf(indexes[watch], n + 1);
        subscribers[watch][n] = subscriber;
        indexes[watch][n] = index;
        subscriber.bound(index, watch);
        subscriber.offer(index, message.price(), message.asOf());
        hub.schedule(subscriber);
    }

    private void onEnd(final long subscriptionId)
    {
        final PriceSubscriber subscriber = hub.remove(subscriptionId);
        if (subscriber == null)
        {
            return;
        }
        for (final int watch : subscriber.watchIds())
        {
            if (watch >= 0)
            {
                detach(watch, subscriber);
            }
        }
        subscriber.end(null);
        hub.wake(subscriber);
    }

    private void detach(final int watch, final PriceSubscriber subscriber)
    {
        final PriceSubscriber[] attached = subscribers[watch];
        int kept = 0;
        final PriceSubscriber[] keptSubscribers = new PriceSubscriber[attached.length];
        final int[] keptIndexes = new int[attached.length];
        for (int i = 0; i < attached.length; i++)
        {
            if (attached[i] != subscriber)
            {
                keptSubscribers[kept] = attached[i];
                keptIndexes[kept++] = indexes[watch][i];
            }
        }
        subscribers[watch] = kept == 0 ? NO_SUBSCRIBERS : Arrays.copyOf(keptSubscribers, kept);
        indexes[watch] = kept == 0 ? NO_INDEXES : Arrays.copyOf(keptIndexes, kept);
    }
}
