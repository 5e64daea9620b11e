package io.hotpath.core.shard;

import com.lmax.disruptor.EventTranslatorTwoArg;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.hotpath.core.logic.ShardLogic;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard: a Disruptor ring of preallocated {@link ShardEvent}s and three handler threads.
 *
 * <pre>
 *                      +--> JournalHandler  (append command, commit batch) --+
 *   tryPublish --> ring                                                      +--> EgressHandler --> listener
 *                      +--> DecisionHandler (logic: the only state writer) --+         |
 *                                   |                                                  +--> outbox handler
 *                                   +-- stages derived messages --> ShardOutbox -------+
 * </pre>
 *
 * <p>A replicated shard's leader has a fourth thread, the replicator, between the logic and egress: see {@link Replication}.
 *
 * <p>Any thread may publish; publishing never blocks. A full ring answers {@link #RING_FULL} at once,
 * and a shard that is closing, closed or faulted answers {@link #CLOSED} or {@link #FAULTED}.
 * {@link #close()} stops intake, drains every accepted command to its listener, then closes the journal.
 */
public final class Shard implements AutoCloseable
{
    /** The command is in the ring and will reach its listener. */
    public static final int PUBLISHED = 0;
    /** The ring is full: the command was not taken. */
    public static final int RING_FULL = -1;
    /** The shard is not running: the command was not taken. */
    public static final int CLOSED = -2;
    /** The journal failed and the shard stopped taking commands. */
    public static final int FAULTED = -3;
    /** A replicated shard with too few followers answering refuses, by its policy: the command was not taken. */
    public static final int UNREPLICATED = -4;

    private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
    private static final int RUNNING = 0;
    private static final int STOPPING = 1;
    private static final int STOPPED = 2;
    private static final int BROKEN = 3;
    private static final int NEW = 4;
    private static final int OCCUPANCY_READS = 4;

    private final ShardContext context;
    private final ShardJournal journal;
    private final long startSequence;
    private final EpochNanoClock clock;
    private final Disruptor<ShardEvent> disruptor;
    private final RingBuffer<ShardEvent> ring;
    private final ShardCounters counters = new ShardCounters();
    private final StageLatency latency = new StageLatency();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger activePublishers = new AtomicInteger();
    private final EventTranslatorTwoArg<ShardEvent, CommandSource, ResultListener> translator = this::translate;
    private final Replication replication;
    private volatile int state = NEW;

    /**
     * A shard whose logic stages nothing in an outbox.
     *
     * @param context settings.
     * @param journal where commands go before their results are released; closed by {@link #close()}.
     * @param logic   the decision logic; from now on touched only by the shard's logic thread.
     * @param clock   epoch-nanosecond clock for stage timestamps.
     */
    public Shard(final ShardContext context, final ShardJournal journal, final ShardLogic logic, final EpochNanoClock clock)
    {
        this(context, journal, logic, 0, clock, null, null, null);
    }

    /**
     * @param context       settings.
     * @param journal       where commands go before their results are released; closed by {@link #close()}.
     * @param logic         the decision logic; from now on touched only by the shard's logic thread.
     * @param engineSequence commands {@code logic} has applied already, when it was recovered; 0 for fresh logic.
     * @param clock         epoch-nanosecond clock for stage timestamps.
     * @param outbox        the outbox {@code logic} stages into, or null if it stages nothing.
     * @param outboxHandler receives, on the egress thread, each command's outbox messages after its result.
     * @param replication   the shard's followers, when it leads a replicated shard; null for none.
     */
    @SuppressWarnings("unchecked")
    public Shard(
        final ShardContext context,
        final ShardJournal journal,
        final ShardLogic logic,
        final long engineSequence,
        final EpochNanoClock clock,
        final ShardOutbox outbox,
        final OutboxHandler outboxHandler,
        final Replication replication)
    {
        this.replication = replication;
        this.context = context;
        this.journal = journal;
        this.startSequence = engineSequence;
        this.clock = clock;

        final int maxCommand = context.maxCommandLength();
        final int maxResult = context.maxResultLength();
        final WaitStrategy strategy = context.waitStrategy().newStrategy();
        disruptor = new Disruptor<>(
            () -> new ShardEvent(maxCommand, maxResult),
            context.ringSize(),
            threadFactory(context.shardId(), replication != null, replication == null && context.threading() == ShardThreading.SHARED),
            ProducerType.MULTI,
            strategy);
        ring = disruptor.getRingBuffer();
        if (strategy instanceof BoundedBlockingWaitStrategy)
        {
            ((BoundedBlockingWaitStrategy)strategy).watch(ring);
        }
        disruptor.setDefaultExceptionHandler(new LoggingExceptionHandler(context.shardId()));

        final StageFailures failures = new StageFailures(context.shardId(), counters);
        final JournalHandler journalHandler = new JournalHandler(journal, ring, clock, latency, failures);
        final DecisionHandler decisionHandler = new DecisionHandler(logic, engineSequence, clock, latency, failures, counters);
        final EgressHandler egressHandler =
            new EgressHandler(journal, clock, latency, failures, this::fault, outbox, outboxHandler, replication, counters);
        if (replication == null && context.threading() == ShardThreading.SHARED)
        {
            disruptor.handleEventsWith(new SharedHandler(ring, journalHandler, decisionHandler, egressHandler));
            return;
        }
        disruptor.handleEventsWith(journalHandler, decisionHandler);
        if (replication == null)
        {
            disruptor.after(journalHandler, decisionHandler).handleEventsWith(egressHandler);
        }
        else
        {
            final ReplicatorHandler replicatorHandler = new ReplicatorHandler(replication, failures);
            disruptor.after(decisionHandler).handleEventsWith(replicatorHandler);
            disruptor.after(journalHandler, replicatorHandler).handleEventsWith(egressHandler);
        }
    }

    /**
     * Starts the handler threads. Call once.
     */
    public Shard start()
    {
        return start(null);
    }

    /**
     * Starts the handler threads, with {@code first} as the first command, ahead of anything published and past any
     * intake gate: a replicated shard's {@code LeaderElected}. Call once.
     *
     * @param first the first command, its result to no one; null for none.
     */
    public Shard start(final CommandSource first)
    {
        disruptor.start();
        if (first != null && !ring.tryPublishEvent(translator, first, null))
        {
            throw new IllegalStateException("shard " + context.shardId() + ": an empty ring refused its first command");
        }
        state = RUNNING;
        return this;
    }

    /**
     * Publishes one command without blocking.
     *
     * @param source   writes the command into the claimed slot.
     * @param listener receives the result on the egress thread.
     * @return {@link #PUBLISHED}, {@link #RING_FULL}, {@link #CLOSED} or {@link #FAULTED}.
     */
    public int tryPublish(final CommandSource source, final ResultListener listener)
    {
        if (state != RUNNING)
        {
            return refuse();
        }
        activePublishers.incrementAndGet();
        try
        {
            if (state != RUNNING)
            {
                return refuse();
            }
            if (replication != null && !replication.admits())
            {
                counters.onUnreplicated();
                return UNREPLICATED;
            }
            if (!ring.tryPublishEvent(translator, source, listener))
            {
                counters.onRingFull();
                return RING_FULL;
            }
            return PUBLISHED;
        }
        finally
        {
            activePublishers.decrementAndGet();
        }
    }

    /**
     * Stops intake, waits for every accepted command to reach its listener, stops the threads and
     * closes the journal. Idempotent.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (state == STOPPED || state == STOPPING)
            {
                return;
            }
            if (state == NEW)
            {
                state = STOPPED;
                journal.close();
                return;
            }
            state = STOPPING;
        }
        while (activePublishers.get() != 0)
        {
            Thread.onSpinWait();
        }
        try
        {
            disruptor.shutdown(30, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            LOG.error("shard {} did not drain within 30 s; halting with {} commands in flight", context.shardId(), occupancy());
            disruptor.halt();
        }
        journal.close();
        state = STOPPED;
    }

    public ShardContext context()
    {
        return context;
    }

    /**
     * @return commands the logic had applied when the shard was built: 0 for a new shard, more for
     *         one recovered from its snapshot and journal.
     */
    public long startSequence()
    {
        return startSequence;
    }

    public ShardCounters counters()
    {
        return counters;
    }

    public StageLatency latency()
    {
        return latency;
    }

    /**
     * The ring's own {@code remainingCapacity} reads the consumers' sequence before the cursor, so a
     * reader descheduled between the two counts every command published meanwhile. Reading the
     * cursor on both sides of the consumers' sequence and taking only a pair where it held still
     * gives the occupancy at one instant; after a few tries under a steady stream of publishes it
     * settles for the later reading, an upper bound.
     *
     * @return commands in the ring not yet released by egress, claimed slots included.
     */
    public long occupancy()
    {
        long cursor = ring.getCursor();
        for (int tries = 0; tries < OCCUPANCY_READS; tries++)
        {
            final long released = ring.getMinimumGatingSequence();
            final long after = ring.getCursor();
            if (after == cursor)
            {
                return after - released;
            }
            cursor = after;
        }
        final long released = ring.getMinimumGatingSequence();
        return ring.getCursor() - released;
    }

    /**
     * @return commands ever taken into the ring.
     */
    public long published()
    {
        return ring.getCursor() + 1;
    }

    /**
     * @return true while the shard takes commands.
     */
    public boolean isRunning()
    {
        return state == RUNNING;
    }

    /**
     * @return true once the shard faulted: its journal failed, so it takes no more commands.
     */
    public boolean isFaulted()
    {
        return state == BROKEN;
    }

    /**
     * @return the shard's handler threads, for diagnostics and allocation accounting.
     */
    public List<Thread> threads()
    {
        return List.copyOf(threads);
    }

    private int refuse()
    {
        counters.onClosed();
        return state == BROKEN ? FAULTED : CLOSED;
    }

    private void fault()
    {
        if (state == RUNNING)
        {
            state = BROKEN;
            LOG.error("shard {} faulted: the journal failed, so it takes no more commands", context.shardId());
        }
    }

    private void translate(final ShardEvent event, final long sequence, final CommandSource source, final ResultListener listener)
    {
        event.reset();
        final int length = source.encodeCommand(event.prepareCommand(source.encodedLength()));
        event.publishedAt = clock.nanoTime();
        event.listener = listener;
        event.commandLength = length;
    }

    private ThreadFactory threadFactory(final int shardId, final boolean replicated, final boolean shared)
    {
        final String[] roles = shared ? new String[] {"stages"}
            : replicated ? new String[] {"journal", "decision", "replicator", "egress"}
            : new String[] {"journal", "decision", "egress"};
        final AtomicInteger created = new AtomicInteger();
        return runnable ->
        {
            final int n = created.getAndIncrement();
            final String role = n < roles.length ? roles[n] : "extra-" + n;
            final Thread thread = new Thread(runnable, "hotpath-shard-" + shardId + "-" + role);
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        };
    }

    /**
     * Backstop only: every handler catches its own failures and answers the command.
     */
    private static final class LoggingExceptionHandler implements ExceptionHandler<ShardEvent>
    {
        private final int shardId;

        LoggingExceptionHandler(final int shardId)
        {
            this.shardId = shardId;
        }

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final ShardEvent event)
        {
            LOG.error("shard {} uncaught failure at ring sequence {}", shardId, sequence, ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            LOG.error("shard {} handler failed to start", shardId, ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            LOG.error("shard {} handler failed to stop", shardId, ex);
        }
    }
}
