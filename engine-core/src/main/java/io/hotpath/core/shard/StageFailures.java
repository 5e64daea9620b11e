package io.hotpath.core.shard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs a failure of one command in one stage. Only failures are logged: nothing on the
 * hot path writes a log line for a command that succeeds.
 */
final class StageFailures
{
    private static final Logger LOG = LoggerFactory.getLogger(StageFailures.class);

    private final int shardId;
    private final ShardCounters counters;

    StageFailures(final int shardId, final ShardCounters counters)
    {
        this.shardId = shardId;
        this.counters = counters;
    }

    void onFailure(final Stage stage, final long sequence, final Throwable failure)
    {
        counters.onFailure(stage);
        LOG.atError().addKeyValue("event", "stage_failure").addKeyValue("shard", shardId).addKeyValue("stage", stage)
            .addKeyValue("ring_sequence", sequence).setCause(failure)
            .log("shard {} stage {} failed at ring sequence {}", shardId, stage, sequence);
    }
}
