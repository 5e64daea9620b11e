package io.hotpath.journal;

/**
 * What a reply promises about its command's journal entry.
 */
public enum Durability
{
    /**
     * The command is written to the memory-mapped journal before its result is released: it
     * survives a crash of the process, not a loss of power.
     */
    MAPPED,

    /**
     * As {@link #MAPPED}, and the journal is msynced at the end of each batch before any result of
     * the batch is released (group commit): it survives a loss of power.
     */
    SYNC
}
