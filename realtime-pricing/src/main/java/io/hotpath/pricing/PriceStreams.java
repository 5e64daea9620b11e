package io.hotpath.pricing;

import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.logic.Outbox;
import io.hotpath.core.logic.ResultWriter;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PriceStreamBindEncoder;
import io.hotpath.core.sbe.PriceStreamEndEncoder;
import io.hotpath.core.sbe.PriceStreamUpdateEncoder;
import io.hotpath.core.sbe.PricesSubscribedEncoder;
import io.hotpath.core.sbe.PricesUnsubscribedEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.SubscribePricesDecoder;
import io.hotpath.core.sbe.UnsubscribePricesDecoder;
import io.hotpath.pricing.book.PriceBook;
import io.hotpath.pricing.book.SoldCurrency;
import io.hotpath.pricing.money.MulDiv;
import io.hotpath.pricing.state.PriceWatches;
import java.math.RoundingMode;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Streamed prices: subscriptions follow (SKU, currency, segment, channel) prices, called watches.
 * When a command moves a watched price by more than the tenant's threshold since the price last
 * sent, the logic stages an update in the shard's outbox, which egress releases after the command.
 *
 * <pre>
 *   SubscribePrices    validate all, follow every price, stage a Bind per SKU with the price as last sent
 *   market data, tick  recompute the watches the command may move; stage an Update for each that moved
 *   UnsubscribePrices  unfollow, stage End
 * </pre>
 *
 * The logic decides what moved, so a replay reproduces it: each command's result carries the count
 * and a hash of the moves. Slow subscribers are the fan-out's concern (it conflates per SKU); the
 * logic never waits for a client.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Recomputing and staging allocate nothing;
 * subscribing and unsubscribing (control commands) do.
 */
final class PriceStreams
{
    private static final long PPM = 1_000_000;
    private static final String NO_SKUS = "skus: at least one SKU";
    private static final String DUPLICATE = "subscription_id: already subscribed";
    private static final String TENANT_LIMIT = "subscriptions: the tenant has as many price streams as its config allows";
    private static final String SHARD_LIMIT = "subscriptions: the shard follows as many prices as it can";

    private final PricingState state;
    private final Outbox outbox;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SubscribePricesDecoder subscribe = new SubscribePricesDecoder();
    private final UnsubscribePricesDecoder unsubscribe = new UnsubscribePricesDecoder();
    private final PricesSubscribedEncoder subscribed = new PricesSubscribedEncoder();
    private final PricesUnsubscribedEncoder unsubscribed = new PricesUnsubscribedEncoder();
    private final PriceStreamBindEncoder bind = new PriceStreamBindEncoder();
    private final PriceStreamUpdateEncoder update = new PriceStreamUpdateEncoder();
    private final PriceStreamEndEncoder end = new PriceStreamEndEncoder();
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[PricingLimits.MAX_OUTBOX_MESSAGE]);
    private final ResultWriter resultWriter = new ResultWriter();
    private final PriceBreakdown scratch = new PriceBreakdown();
    private final Fnv1a64 hasher = new Fnv1a64();
    private final long[] skuKeys;

    PriceStreams(final PricingState state, final Outbox outbox)
    {
        this.state = state;
        this.outbox = outbox;
        skuKeys = new long[state.limits.maxSkusPerSubscription()];
    }

    int subscribe(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        subscribe.wrapAndApplyHeader(command, 0, header);
        final long tenantId = subscribe.meta().tenantId();
        final long now = subscribe.meta().ingressTime();
        final long subscriptionId = subscribe.subscriptionId();
        final int currencyCode = subscribe.currency();
        final long segment = subscribe.segmentKey();
        final long channel = subscribe.channelKey();
        final PriceBook book = state.books.get(tenantId);
        final PriceWatches watches = state.watches;

        final SubscribePricesDecoder.SkusDecoder skus = subscribe.skus();
        final int count = skus.count();
        if (count == 0 || count > skuKeys.length)
        {
            return failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                count == 0 ? NO_SKUS : "skus: at most " + skuKeys.length + " SKUs per subscription", result);
        }
        for (int i = 0; i < count; i++)
        {
            skuKeys[i] = skus.next().skuKey();
            final String invalid = QuoteDesk.invalid(book, skuKeys[i], 1, currencyCode, segment, channel);
            if (invalid != null)
            {
                return failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                    invalid == QuoteDesk.UNKNOWN_SKU ? "skus[" + i + "]: not in the tenant's price book" : invalid, result);
            }
        }
        if (watches.hasSubscription(subscriptionId))
        {
            return failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, DUPLICATE, result);
        }
        if (watches.subscriptions(tenantId) >= book.maxSubscriptions())
        {
            return failed(command, length, engineSequence, ResultCode.LIMIT_EXCEEDED, TENANT_LIMIT, result);
        }
        if (watches.newWatches(tenantId, skuKeys, count, currencyCode, segment, channel) > watches.freeWatches())
        {
            return failed(command, length, engineSequence, ResultCode.LIMIT_EXCEEDED, SHARD_LIMIT, result);
        }

        final SoldCurrency currency = book.currency(currencyCode);
        final int[] followed = new int[count];
        hasher.reset();
        for (int i = 0; i < count; i++)
        {
            final long price = priceOf(book, tenantId, skuKeys[i], currency, segment, channel, now);
            final int watch = watches.follow(tenantId, skuKeys[i], currencyCode, segment, channel, price);
            followed[i] = watch;
            final long sent = watches.lastPrice(watch);
            hasher.add(watch).add(sent);
            bind.wrapAndApplyHeader(message, 0, headerEncoder)
                .subscriptionId(subscriptionId).index(i).watchId(watch).price(sent).asOf(now);
            outbox.stage(engineSequence, message, 0, MessageHeaderEncoder.ENCODED_LENGTH + bind.encodedLength());
        }
        watches.addSubscription(subscriptionId, tenantId, followed);

        subscribed.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, subscribed.meta());
        subscribed.subscriptionId(subscriptionId).skus(count).snapshotHash(hasher.hash());
        return MessageHeaderEncoder.ENCODED_LENGTH + subscribed.encodedLength();
    }

    int unsubscribe(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        unsubscribe.wrapAndApplyHeader(command, 0, header);
        final long subscriptionId = unsubscribe.subscriptionId();
        final boolean found = state.watches.removeSubscription(subscriptionId);
        if (found)
        {
            end.wrapAndApplyHeader(message, 0, headerEncoder).subscriptionId(subscriptionId);
            outbox.stage(engineSequence, message, 0, MessageHeaderEncoder.ENCODED_LENGTH + end.encodedLength());
        }
        unsubscribed.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, unsubscribed.meta());
        unsubscribed.subscriptionId(subscriptionId).found((short)(found ? 1 : 0));
        return MessageHeaderEncoder.ENCODED_LENGTH + unsubscribed.encodedLength();
    }

    /**
     * Recomputes the tenant's watches of one SKU, in every currency and audience.
     *
     * @return how many moved.
     */
    int recomputeSku(final long tenantId, final long skuKey, final long now, final long engineSequence, final Fnv1a64 moves)
    {
        int moved = 0;
        final PriceWatches watches = state.watches;
        for (int watch = watches.firstBySku(tenantId, skuKey); watch != PriceWatches.NONE; watch = watches.nextBySku(watch))
        {
            moved += recompute(watch, now, engineSequence, moves);
        }
        return moved;
    }

    /**
     * Recomputes the tenant's watches in one currency, of every SKU.
     *
     * @return how many moved.
     */
    int recomputeCurrency(final long tenantId, final int currency, final long now, final long engineSequence, final Fnv1a64 moves)
    {
        int moved = 0;
        final PriceWatches watches = state.watches;
        for (int watch = watches.firstByCurrency(tenantId, currency); watch != PriceWatches.NONE; watch = watches.nextByCurrency(watch))
        {
            moved += recompute(watch, now, engineSequence, moves);
        }
        return moved;
    }

    /**
     * Recomputes every watch of the shard, as time passes.
     *
     * @return how many moved.
     */
    int recomputeAll(final long now, final long engineSequence, final Fnv1a64 moves)
    {
        int moved = 0;
        final PriceWatches watches = state.watches;
        for (int watch = 0; watch < watches.capacity(); watch++)
        {
            if (watches.inUse(watch))
            {
                moved += recompute(watch, now, engineSequence, moves);
            }
        }
        return moved;
    }

    /**
     * @return 1 if the watch's price moved past the threshold (and an update was staged), else 0.
     */
    private int recompute(final int watch, final long now, final long engineSequence, final Fnv1a64 moves)
    {
        final PriceWatches watches = state.watches;
        final long tenantId = watches.tenantId(watch);
        final PriceBook book = state.books.get(tenantId);
        if (book == null)
        {
            return 0;
        }
        final SoldCurrency currency = book.currency(watches.currency(watch));
        if (currency == null || book.skuIndex(watches.skuKey(watch)) < 0)
        {
            return 0;
        }
        final long price = priceOf(book, tenantId, watches.skuKey(watch), currency, watches.segment(watch), watches.channel(watch), now);
        final long last = watches.lastPrice(watch);
        if (price == 0 || !moved(last, price, book.streamThresholdPpm()))
        {
            return 0;
        }
        watches.lastPrice(watch, price);
        moves.add(watch).add(price);
        update.wrapAndApplyHeader(message, 0, headerEncoder).watchId(watch).price(price).previousPrice(last).asOf(now);
        outbox.stage(engineSequence, message, 0, MessageHeaderEncoder.ENCODED_LENGTH + update.encodedLength());
        return 1;
    }

    /**
     * @return the unit price of one unit, or 0 when it cannot be made (no FX rate yet, say).
     */
    private long priceOf(final PriceBook book, final long tenantId, final long skuKey, final SoldCurrency currency, final long segment,
        final long channel, final long now)
    {
        return state.pricer.price(book, tenantId, book.skuIndex(skuKey), 1, currency, segment, channel, now, scratch)
            ? scratch.unitPrice() : 0;
    }

    private static boolean moved(final long last, final long price, final long thresholdPpm)
    {
        if (last == 0)
        {
            return true;
        }
        final long allowed = MulDiv.scale(last, thresholdPpm, PPM, RoundingMode.FLOOR);
        return Math.abs(price - last) > allowed;
    }

    private int failed(final DirectBuffer command, final int length, final long engineSequence, final ResultCode code, final String reason,
        final MutableDirectBuffer result)
    {
        return resultWriter.failed(command, length, engineSequence, code, reason, result);
    }
}
