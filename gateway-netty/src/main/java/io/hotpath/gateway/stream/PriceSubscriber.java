package io.hotpath.gateway.stream;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.hotpath.gateway.v1.PriceUpdate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code StreamPrices} call: the latest price of each of its SKUs not yet sent, in the order
 * they moved, and the gRPC stream they go to.
 *
 * <p>A slow reader is conflated, never queued: a price that moves again before it is sent is
 * replaced, so a subscriber holds at most one pending price per SKU whatever the market does.
 *
 * <pre>
 *   egress thread   offer(index, price)   replace the slot's price, queue the slot if it was not pending
 *   drainer thread  drain()               while the stream is ready, send the oldest pending slot
 * </pre>
 *
 * Both sides take this object's monitor for a few array writes; only the drainer thread calls the
 * observer, so gRPC sees one caller.
 */
public final class PriceSubscriber
{
    private final long subscriptionId;
    private final long tenantId;
    private final String[] skus;
    private final String currency;
    private final int digits;
    private final ServerCallStreamObserver<PriceUpdate> observer;
    private final long[] latest;
    private final long[] asOf;
    private final long[] sent;
    private final long[] skipped;
    private final boolean[] pending;
    private final boolean[] unsent;
    private final int[] queue;
    private final int[] watchIds;
    private int head;
    private int count;
    private boolean ended;
    private Status endStatus;
    private boolean finished;
    private long delivered;
    private long conflated;
    private int takenIndex;
    private long takenPrice;
    private long takenPrevious;
    private long takenAsOf;
    private boolean takenSnapshot;
    private long takenSkipped;

    /** Drained, drained soon, or waiting for gRPC's onReady: an offer then need not wake the drainer. */
    final AtomicBoolean scheduled = new AtomicBoolean();
    /** Waiting for gRPC's onReady (or the end) to be drained again. */
    final AtomicBoolean awaitingReady = new AtomicBoolean();

    /** What one drain achieved. */
    enum Drained
    {
        /** Nothing left to send. */
        ALL,
        /** Flow control holds the stream back: the rest waits for onReady. */
        NOT_READY,
        /** The stream is over. */
        FINISHED
    }

    /**
     * @param skus     the SKUs in the order the subscription asked for them; updates refer to them by index.
     * @param currency the alphabetic code.
     * @param digits   the currency's minor-unit digits.
     */
    public PriceSubscriber(final long subscriptionId, final long tenantId, final String[] skus, final String currency, final int digits,
        final ServerCallStreamObserver<PriceUpdate> observer)
    {
        this.subscriptionId = subscriptionId;
        this.tenantId = tenantId;
        this.skus = skus.clone();
        this.currency = currency;
        this.digits = digits;
        this.observer = observer;
        latest = new long[skus.length];
        asOf = new long[skus.length];
        sent = new long[skus.length];
        skipped = new long[skus.length];
        pending = new boolean[skus.length];
        unsent = new boolean[skus.length];
        queue = new int[skus.length];
        watchIds = new int[skus.length];
        Arrays.fill(unsent, true);
        Arrays.fill(watchIds, -1);
    }

    public long subscriptionId()
    {
        return subscriptionId;
    }

    public long tenantId()
    {
        return tenantId;
    }

    public int skuCount()
    {
        return skus.length;
    }

    /**
     * @return prices sent so far.
     */
    public synchronized long delivered()
    {
        return delivered;
    }

    /**
     * @return prices replaced by a later one before they could be sent.
     */
    public synchronized long conflated()
    {
        return conflated;
    }

    /**
     * @return prices waiting to be sent: never more than the SKUs subscribed.
     */
    public synchronized int pending()
    {
        return count;
    }

    /**
     * Egress thread: the watched price behind slot {@code index} is {@code watchId}.
     */
    void bound(final int index, final int watchId)
    {
        watchIds[index] = watchId;
    }

    /**
     * @return the watched price behind each slot, -1 before its bind arrived; egress thread only.
     */
    int[] watchIds()
    {
        return watchIds;
    }

    /**
     * Egress thread: slot {@code index} has a new price.
     */
    synchronized void offer(final int index, final long price, final long commandTime)
    {
        if (pending[index])
        {
            skipped[index]++;
            conflated++;
        }
        else
        {
            pending[index] = true;
            queue[(head + count) % queue.length] = index;
            count++;
        }
        latest[index] = price;
        asOf[index] = commandTime;
    }

    /**
     * Ends the stream once what is pending has been sent: normally when {@code status} is null,
     * otherwise with that status.
     */
    synchronized void end(final Status status)
    {
        if (!ended)
        {
            ended = true;
            endStatus = status;
        }
    }

    /**
     * Drainer thread: ends the stream at once with {@code status}, after sending failed.
     */
    void abort(final Status status)
    {
        if (finished)
        {
            return;
        }
        finished = true;
        try
        {
            observer.onError(status.asRuntimeException());
        }
        catch (final RuntimeException ignored)
        {
            // The call is already closed: nothing more can be sent on it.
        }
    }

    /**
     * Drainer thread: sends pending prices while gRPC's flow control lets it, and ends the stream
     * when it is over. A cancelled stream sends nothing more and finishes when its end arrives.
     */
    Drained drain()
    {
        if (finished)
        {
            return Drained.FINISHED;
        }
        final boolean cancelled = observer.isCancelled();
        while (true)
        {
            synchronized (this)
            {
                if (count == 0 || cancelled)
                {
                    if (ended)
                    {
                        break;
                    }
                    return cancelled ? Drained.NOT_READY : Drained.ALL;
                }
                if (!observer.isReady())
                {
                    return Drained.NOT_READY;
                }
                take();
            }
            observer.onNext(taken());
        }
        finished = true;
        if (cancelled)
        {
            return Drained.FINISHED;
        }
        final Status status;
        synchronized (this)
        {
            status = endStatus;
        }
        if (status == null)
        {
            observer.onCompleted();
        }
        else
        {
            observer.onError(status.asRuntimeException());
        }
        return Drained.FINISHED;
    }

    /**
     * Takes the oldest pending slot into the drainer's copy, under the monitor; the caller checked there is one.
     */
    private void take()
    {
        final int index = queue[head];
        head = (head + 1) % queue.length;
        count--;
        pending[index] = false;
        takenIndex = index;
        takenPrice = latest[index];
        takenPrevious = sent[index];
        takenAsOf = asOf[index];
        takenSnapshot = unsent[index];
        takenSkipped = skipped[index];
        sent[index] = latest[index];
        unsent[index] = false;
        skipped[index] = 0;
        delivered++;
    }

    /**
     * @return the update for the slot {@link #take} took, built outside the monitor so egress never waits on it.
     */
    private PriceUpdate taken()
    {
        return PriceUpdate.newBuilder()
            .setSku(skus[takenIndex])
            .setCurrency(currency)
            .setCurrencyDigits(digits)
            .setPrice(takenPrice)
            .setPreviousPrice(takenPrevious)
            .setAsOf(Timestamp.newBuilder().setSeconds(Math.floorDiv(takenAsOf, 1_000_000_000L))
                .setNanos((int)Math.floorMod(takenAsOf, 1_000_000_000L)))
            .setSnapshot(takenSnapshot)
            .setConflated(takenSkipped)
            .build();
    }

    /**
     * @return true if flow control lets the stream take more now.
     */
    boolean ready()
    {
        return observer.isReady() || observer.isCancelled();
    }

    synchronized boolean hasPending()
    {
        return count > 0 || ended;
    }
}
