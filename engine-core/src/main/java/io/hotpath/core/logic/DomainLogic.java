package io.hotpath.core.logic;

import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One domain's part of a shard's logic (routing, fraud, pricing): the commands it owns, the
 * configs it reads, and its share of the state hash. {@link EngineLogic} dispatches to it.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. The same determinism rules as
 * {@link ShardLogic} apply: time from the command, randomness seeded from the command.
 */
public interface DomainLogic
{
    /**
     * @return the config domain whose {@code ApplyConfig} commands this logic reads, or null for
     *         logic that composes other domains and has no config of its own.
     */
    ConfigDomain configDomain();

    /**
     * @return the SBE template ids of the commands this logic applies.
     */
    int[] templateIds();

    /**
     * Applies one of its commands; same contract as {@link ShardLogic#apply}.
     */
    int apply(DirectBuffer command, int length, long engineSequence, MutableDirectBuffer result);

    /**
     * Validates a tenant's new config and, when it is valid, swaps it in whole.
     *
     * @param origin where the config came from (a file name), for the error.
     * @return null when applied; otherwise why not, naming the origin, the line or path and the
     *         field. The previous config stays in force. The text must not vary between runs.
     */
    String applyConfig(long tenantId, long version, DirectBuffer config, int offset, int length, String origin);

    /**
     * Adds the whole domain state to {@code hasher}, in an order that does not depend on how it was built.
     *
     * <p>At a snapshot, it may run on another thread while the logic thread runs {@link #writeState} on the same state
     * ({@link DomainHash}): neither may change the state, nor share scratch state with the other (an Agrona map's cached
     * iterator, say).
     */
    void hashState(Fnv1a64 hasher);

    /**
     * Writes the domain's whole state, except its configs (the engine keeps their documents and
     * applies them again before {@link #readState}), for a snapshot.
     */
    void writeState(StateWriter out);

    /**
     * @return about how many bytes {@link #writeState} would write now: at least its large tables' rows. The engine sizes
     *         a snapshot's buffer from it before the first, in one step; a buffer grown as tens of megabytes were written
     *         into it copied what it held at every step. 0 for a domain whose state is small.
     */
    default long stateBytesHint()
    {
        return 0;
    }

    /**
     * Reports how many keys each of its {@link EvictingTable}s has given up. Called on the logic thread between batches of
     * commands; allocates nothing. A domain with no such table reports nothing (this default).
     */
    default void countEvictions(final EvictionCounts counts)
    {
    }

    /**
     * Replaces the domain's state with what {@link #writeState} wrote; its configs are applied
     * already. Afterwards the domain decides exactly as the one that wrote it would.
     *
     * @throws io.hotpath.core.state.StateFormatException if the state cannot be read back.
     */
    void readState(StateReader in);

    /**
     * Lets time-driven state change at a journaled point: called for each {@code Tick} command,
     * which the control plane publishes into every shard at a fixed interval.
     *
     * @param now            the tick's command time, epoch nanoseconds.
     * @param engineSequence the tick's engine sequence.
     * @param changes        add each change to it, so that the tick's result lets a replay verify them.
     * @return how many changes the tick caused.
     */
    default int onTick(final long now, final long engineSequence, final Fnv1a64 changes)
    {
        return 0;
    }

    /**
     * The shard restarted from its snapshot and journal: ends what belonged to the process before,
     * such as price streams whose clients were connected to it. Called for the {@code Recovered}
     * command the control plane publishes once a recovered shard starts, so a replay ends them at
     * the same point.
     *
     * @return how many sessions ended.
     */
    default int onRecovered(final long now, final long engineSequence)
    {
        return 0;
    }
}
