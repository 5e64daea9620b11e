package io.hotpath.core.logic;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.sbe.ConfigAppliedEncoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.SnapshotTakenEncoder;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.nio.charset.StandardCharsets;
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
 * and state, and sinks of three classes in turn, each taking the encoded array as the engine's does. Code the JIT compiles
 * from the warm-up's profile then runs as it does on a shard: it calls domains and sinks through their interface, loops
 * over domains and tenants, and takes the sink's arrays. Profiled on less (no domains, no tenants, one or two sinks'
 * classes, a sink that takes no arrays), it was compiled with guards that a shard's first snapshot failed, throwing it away
 * again.
 *
 * <p>Touches no shard's state; call it from any thread but a shard's, before the first snapshot is due.
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
        final SnapshotSink[] sinks = {new FirstSink(), new SecondSink(), new ThirdSink()};
        final EngineLogic[] logics = new EngineLogic[sinks.length];
        final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer result = new UnsafeBuffer(new byte[256]);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        long sequence = 0;
        for (int l = 0; l < logics.length; l++)
        {
            final DomainLogic[] domains = {new Routing(), new Fraud(), new Pricing()};
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
        private byte[] kept;
        private long asked;

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
    }

    private static final class SecondSink extends TakingSink
    {
    }

    private static final class ThirdSink extends TakingSink
    {
    }

    /**
     * A domain of no commands whose state is a few longs, written and hashed as a domain's is.
     */
    private abstract static class ScratchDomain implements DomainLogic
    {
        private final long[] state = {1, 2, 3, 4, 5, 6, 7, 8};

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
            for (final long value : state)
            {
                hasher.add(value);
            }
        }

        @Override
        public void writeState(final StateWriter out)
        {
            out.putLongs(state, 0, state.length);
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
        @Override
        public ConfigDomain configDomain()
        {
            return ConfigDomain.ROUTING;
        }
    }

    private static final class Fraud extends ScratchDomain
    {
        @Override
        public ConfigDomain configDomain()
        {
            return ConfigDomain.FRAUD;
        }
    }

    private static final class Pricing extends ScratchDomain
    {
        @Override
        public ConfigDomain configDomain()
        {
            return ConfigDomain.PRICING;
        }
    }
}
