package io.hotpath.core.logic;

import io.hotpath.core.sbe.ResultCode;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Applies commands to a {@link ShardLogic} in order, numbering them and turning a failure of the
 * logic into an {@code INTERNAL_ERROR} result for that one command. The ring's decision handler and
 * the journal replayer both drive it, so a replay runs exactly the code the shard ran.
 *
 * <p>Not thread-safe; owned by the shard's logic thread.
 */
public final class DecisionStage
{
    /**
     * Told of each command the logic failed on; called on the logic thread, off the hot path.
     */
    @FunctionalInterface
    public interface FailureObserver
    {
        void onFailure(long engineSequence, Throwable failure);
    }

    private final ShardLogic logic;
    private final FailureObserver failureObserver;
    private final ResultWriter resultWriter = new ResultWriter();
    private long engineSequence;

    public DecisionStage(final ShardLogic logic, final FailureObserver failureObserver)
    {
        this(logic, failureObserver, 0);
    }

    /**
     * @param engineSequence commands {@code logic} has applied already (restored from a snapshot
     *                       and the journal after it); the next command is numbered one more.
     */
    public DecisionStage(final ShardLogic logic, final FailureObserver failureObserver, final long engineSequence)
    {
        this.logic = logic;
        this.failureObserver = failureObserver;
        this.engineSequence = engineSequence;
    }

    /**
     * @return the length of the result written at offset 0 of {@code result}.
     */
    public int decide(final DirectBuffer command, final int length, final MutableDirectBuffer result)
    {
        final long sequence = ++engineSequence;
        try
        {
            return logic.apply(command, length, sequence, result);
        }
        catch (final Throwable failure)
        {
            failureObserver.onFailure(sequence, failure);
            return resultWriter.failed(command, length, sequence, ResultCode.INTERNAL_ERROR, "internal error", result);
        }
    }

    /**
     * @return commands applied so far.
     */
    public long engineSequence()
    {
        return engineSequence;
    }

    public long stateHash()
    {
        return logic.stateHash(engineSequence);
    }
}
