package io.hotpath.cli;

/**
 * How {@code engine serve} ends, for supervisors (systemd, Kubernetes) that read the exit status.
 *
 * <pre>
 *   0   stopped on SIGTERM or SIGINT, cleanly and completely: every call in flight answered within
 *       hotpath.shutdown-grace, every shard drained, every journal closed
 *   1   crashed: an unexpected failure, or a start that failed for a reason other than its
 *       configuration (a port in use, a journal another process owns)
 *   2   the command line was not understood
 *   3   stopped on SIGTERM or SIGINT, but not completely: calls still in flight after the grace
 *       period were cancelled, or the shards did not stop cleanly (the journals hold every
 *       acknowledged command either way; see the log)
 *   75  removed from its cluster while running (downed by the split-brain resolver after a pause or a
 *       partition): its shards stopped; start it again and it rejoins, as a follower (EX_TEMPFAIL)
 *   78  the start was refused by its configuration: an unknown or invalid setting, a file that
 *       cannot be read, a tenant config that does not validate (EX_CONFIG, as sysexits.h numbers it)
 * </pre>
 */
public final class ExitCodes
{
    public static final int STOPPED = 0;
    public static final int CRASHED = 1;
    public static final int USAGE = 2;
    public static final int NOT_DRAINED = 3;
    public static final int REMOVED = 75;
    public static final int CONFIG_REFUSED = 78;

    private ExitCodes()
    {
    }
}
