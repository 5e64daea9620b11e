package io.hotpath.core.shard;

/**
 * Receives a command's result once the command is journaled and decided.
 *
 * <p>Called on the shard's egress thread: an implementation must not block, and must copy what it
 * needs out of the event before returning, because the slot is reused.
 */
@FunctionalInterface
public interface ResultListener
{
    /**
     * @param event the completed command; its {@link ShardEvent#result()} is an SBE result message.
     */
    void onResult(ShardEvent event);
}
