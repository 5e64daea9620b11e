package io.hotpath.core.logic;

import io.hotpath.core.sbe.ConfigDomain;
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
     */
    void hashState(Fnv1a64 hasher);

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
}
