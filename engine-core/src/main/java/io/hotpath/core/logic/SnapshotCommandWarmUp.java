package io.hotpath.core.logic;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.sbe.ConfigAppliedEncoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.SnapshotTakenEncoder;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Takes snapshots of scratch logic until the JIT has compiled {@link EngineLogic#apply} with {@code TakeSnapshot} among the
 * commands it has seen. A shard takes one an interval, so the compiled dispatch of a running shard has never seen one: the
 * first snapshot after a start took a branch compiled out, which threw the dispatch's compiled code away for the snapshot
 * and for the commands behind it, until the JIT compiled it again.
 *
 * <p>The scratch logic looks, to the JIT, like the engine's: three domains of three classes, each with tenants' configs
 * and state, and sinks of three classes in turn, each taking the encoded array as the engine's does and now and then
 * lending a thread to hash the domains on ({@link Lender}). Code the JIT compiles from the warm-up's profile then runs as
 * it does on a shard: it calls domains and sinks through their interface, loops over domains and tenants, takes the sink's
 * arrays, and finds the hash done on either thread. Profiled on less (no domains, no tenants, one or two sinks' classes, a
 * sink that takes no arrays, a hash never done on a lent thread), it was compiled with guards that a shard's first
 * snapshot failed, throwing it away again.
 *
 * <p>Touches no shard's state; call it from any thread but a shard's, before the first snapshot is due. It starts a thread
 * to lend, and stops it before it returns.
 */
public final class SnapshotCommandWarmUp
{
    /** Past the invocations after which the JIT compiles a method with its profile (Tier4InvocationThreshold, 5,000). */
    private static final int SNAPSHOTS = 12_000;
    /** Tenants a domain: as many as the example engine's, so that sorting them takes the paths a shard's does. */
    private static final int TENANTS = 16;

    private SnapshotCommandWarmUp()
    {
    }

    /**
     * @return a value of the work done, so that none of it can be left out.
     * @throws IllegalStateException if a snapshot or a config of the scratch logic is refused.
     */
    public static long run()
    {
        try (Lender lender = new Lender())
        {
            return run(lender);
        }
    }

    private static long run(final Lender lender)
    {
        final SnapshotSink[] sinks = {new FirstSink(lender), new SecondSink(lender), new ThirdSink(lender)};
        final EngineLogic[] logics = new EngineLogic[sinks.length];
        final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer result = new UnsafeBuffer(new byte[256]);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        long sequence = 0;
        for (int l = 0; l < logics.length; l++)
        {
            final DomainLogic[] domains = {new Routing(lender), new Fraud(lender), new Pricing(lender)};
            logics[l] = new EngineLogic(TENANTS, sinks[l], domains);
            for (final DomainLogic domain : domains)
            {
                for (int tenant = 1; tenant <= TENANTS; tenant++)
                {
                    final byte[] config = ("warm-up " + tenant).getBytes(StandardCharsets.US_ASCII);
                    final int length = new ControlCommand.ApplyConfig(tenant, domain.configDomain(), 1, config, "snapshot warm-up")
                        .source(tenant, tenant).encodeCommand(command);
                    logics[l].apply(command, length, ++sequence, result);
                    expect(header.wrap(result, 0).templateId(), ConfigAppliedEncoder.TEMPLATE_ID, "config");
                }
            }
        }
        long work = 0;
        for (int n = 1; n <= SNAPSHOTS; n++)
        {
            final int length = new ControlCommand.TakeSnapshot(n).source(n, n).encodeCommand(command);
            work += logics[n % logics.length].apply(command, length, ++sequence, result);
            expect(header.wrap(result, 0).templateId(), SnapshotTakenEncoder.TEMPLATE_ID, "snapshot");
        }
        return work;
    }

    private static void expect(final int templateId, final int expected, final String what)
    {
        if (templateId != expected)
        {
            throw new IllegalStateException("a warm-up " + what + " was refused: result template " + templateId);
        }
    }

    /**
     * A sink that takes the encoded array and gives it back for the next snapshot, as the engine's does. Of three classes,
     * so that a call on the sink sees three and stays virtual: seeing one or two, the JIT guards the call for them, and the
     * engine's own sink fails the guard at its first snapshot.
     */
    private abstract static class TakingSink implements SnapshotSink
    {
        private final Lender lender;
        private byte[] kept;
        private long asked;
        private long lent;

        TakingSink(final Lender lender)
        {
            this.lender = lender;
        }

        /**
         * Lends the warm-up's thread one time in 256, and none the other times, as the engine's sink lends its thread
         * when it is idle and in effect none while it writes: the JIT sees the domains hashed on either thread. Each lend
         * wakes a thread and waits for it, so not more often.
         */
        @Override
        public void runAside(final Runnable task)
        {
            if ((++lent & 255) == 0)
            {
                lender.lend(task);
            }
        }

        @Override
        public boolean write(final long snapshotId, final long engineSequence, final long stateHash, final DirectBuffer state,
            final int offset, final int length)
        {
            return true;
        }

        @Override
        public boolean takesArrays()
        {
            return true;
        }

        @Override
        public boolean take(final long snapshotId, final long engineSequence, final long stateHash, final byte[] state,
            final int length)
        {
            kept = state;
            return true;
        }

        /**
         * Gives the array back every other time, and none the other times, as the engine's sink gives none while a
         * snapshot is still being written: the JIT sees both.
         */
        @Override
        public byte[] spareArray(final long bytes)
        {
            final byte[] spare = (++asked & 1) == 0 && kept != null && kept.length >= bytes ? kept : null;
            kept = null;
            return spare;
        }
    }

    private static final class FirstSink extends TakingSink
    {
        FirstSink(final Lender lender)
        {
            super(lender);
        }
    }

    private static final class SecondSink extends TakingSink
    {
        SecondSink(final Lender lender)
        {
            super(lender);
        }
    }

    private static final class ThirdSink extends TakingSink
    {
        ThirdSink(final Lender lender)
        {
            super(lender);
        }
    }

    /**
     * A domain of no commands whose state is a few longs, written and hashed as a domain's is.
     */
    private abstract static class ScratchDomain implements DomainLogic
    {
        private final Lender lender;
        private final long[] state = {1, 2, 3, 4, 5, 6, 7, 8};

        ScratchDomain(final Lender lender)
        {
            this.lender = lender;
        }

        @Override
        public int[] templateIds()
        {
            return new int[0];
        }

        @Override
        public int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
        {
            throw new IllegalStateException("the snapshot warm-up's domains take no commands");
        }

        @Override
        public String applyConfig(final long tenantId, final long version, final DirectBuffer config, final int offset,
            final int length, final String origin)
        {
            state[(int)(tenantId % state.length)] += length;
            return null;
        }

        @Override
        public void hashState(final Fnv1a64 hasher)
        {
            lender.hashing();
            for (final long value : state)
            {
                hasher.add(value);
            }
        }

        @Override
        public void writeState(final StateWriter out)
        {
            out.putLongs(state, 0, state.length);
            lender.encoded(this);
        }

        @Override
        public void readState(final StateReader in)
        {
            for (int i = 0; i < state.length; i++)
            {
                state[i] = in.getLong();
            }
        }
    }

    private static final class Routing extends ScratchDomain
    {
        Routing(final Lender lender)
        {
            super(lender);
        }

        @Override
        public ConfigDomain configDomain()
        {
            return ConfigDomain.ROUTING;
        }
    }

    private static final class Fraud extends ScratchDomain
    {
        Fraud(final Lender lender)
        {
            super(lender);
        }

        @Override
        public ConfigDomain configDomain()
        {
            return ConfigDomain.FRAUD;
        }
    }

    private static final class Pricing extends ScratchDomain
    {
        Pricing(final Lender lender)
        {
            super(lender);
        }

        @Override
        public ConfigDomain configDomain()
        {
            return ConfigDomain.PRICING;
        }
    }

    /**
     * The thread the warm-up's sinks lend for hashing the domains, as {@code SnapshotWriter} lends its own, and a hand-shake
     * that has the logic find it still hashing when the encoding is done. A shard's sink lends its thread, so a shard's
     * snapshot may take the paths on which that thread claimed the hash and the logic waits for it ({@link DomainHash}); a
     * warm-up that never took them would leave them compiled out, and the first snapshot to take them would throw the
     * logic's compiled dispatch away, which is what this warm-up is for.
     */
    private static final class Lender implements AutoCloseable
    {
        /** Longest either side waits for the other: a thread the host is slow to schedule delays the warm-up, never hangs it. */
        private static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

        private final ExecutorService thread;
        private volatile Thread lentThread;
        private volatile boolean hashing;
        private volatile boolean encoded;

        Lender()
        {
            thread = Executors.newSingleThreadExecutor(task ->
            {
                final Thread lent = new Thread(task, "hotpath-snapshot-warm-up-lent");
                lent.setDaemon(true);
                lentThread = lent;
                return lent;
            });
        }

        /**
         * Hands {@code task} to the lent thread and returns once that thread has begun the hash.
         */
        void lend(final Runnable task)
        {
            hashing = false;
            encoded = false;
            thread.execute(task);
            final long deadline = System.nanoTime() + PATIENCE_NANOS;
            while (!hashing && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
        }

        /**
         * A domain's hash begins: on the lent thread, says so, then waits for the logic to have encoded every domain, so that
         * the logic finds the hash still running.
         */
        void hashing()
        {
            if (Thread.currentThread() != lentThread || hashing)
            {
                return;
            }
            hashing = true;
            final long deadline = System.nanoTime() + PATIENCE_NANOS;
            while (!encoded && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
        }

        /**
         * A domain has been encoded; the pricing domain is the last.
         */
        void encoded(final ScratchDomain domain)
        {
            if (domain instanceof Pricing)
            {
                encoded = true;
            }
        }

        @Override
        public void close()
        {
            thread.shutdownNow();
        }
    }
}
