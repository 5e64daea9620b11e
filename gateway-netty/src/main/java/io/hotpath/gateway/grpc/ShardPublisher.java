package io.hotpath.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.Shard;
import io.hotpath.gateway.trace.CallTrace;

/**
 * Publishes a data-path command into the ring of the shard that owns its tenant, or answers the
 * call at once with the refusal. Never blocks: it runs on the Netty event loops. A sampled call's
 * trace learns its tenant and shard here, and the shard's stages before the call is answered.
 */
final class ShardPublisher
{
    private final ShardDirectory directory;

    ShardPublisher(final ShardDirectory directory)
    {
        this.directory = directory;
    }

    int shardIdOf(final long tenantId)
    {
        return directory.shardIdOf(tenantId);
    }

    /**
     * @return true if the command is in the ring; otherwise {@code observer} has been answered.
     */
    boolean publish(final long tenantId, final CommandSource source, final ResultListener listener, final StreamObserver<?> observer)
    {
        final int shardId = directory.shardIdOf(tenantId);
        final CallTrace trace = CallTrace.current();
        ResultListener answer = listener;
        if (trace != null)
        {
            trace.routed(tenantId, shardId);
            answer = trace.around(listener);
        }
        final Shard shard = directory.shard(shardId);
        final int status = shard == null ? Shard.CLOSED : shard.tryPublish(source, answer);
        if (status != Shard.PUBLISHED)
        {
            observer.onError(GrpcStatuses.refused(status, shardId, directory));
            return false;
        }
        return true;
    }
}
