package io.hotpath.gateway.grpc;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PingRequest;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The data-path RPCs. Runs on the Netty event loops (direct executor): it validates, stamps the
 * ingress time, publishes into the owning shard's ring without blocking, and returns. The reply is
 * sent from the shard's egress thread once the command is journaled and decided.
 */
public final class EngineService implements BindableService
{
    // One encoder per event-loop thread: publishing encodes synchronously on the calling thread.
    private static final ThreadLocal<PingCommand> PING = ThreadLocal.withInitial(PingCommand::new);

    private final ShardPublisher publisher;
    private final EpochNanoClock clock;

    /**
     * @param maxCommandBytes the largest command a shard takes; every ping fits, so it is only checked.
     */
    public EngineService(final ShardDirectory directory, final EpochNanoClock clock, final int maxCommandBytes)
    {
        if (PingCommand.LENGTH > maxCommandBytes)
        {
            throw new IllegalArgumentException("max command bytes " + maxCommandBytes + " cannot hold a ping");
        }
        this.publisher = new ShardPublisher(directory);
        this.clock = clock;
    }

    /**
     * The service bound as the gRPC front serves it: its one method, Ping, answered in wire format ({@link WireReply}),
     * with the generated binding's name, request marshaller and schema (server reflection included).
     */
    @Override
    public ServerServiceDefinition bindService()
    {
        return WireReply.answering(EngineGrpc.bindService(new EngineGrpc.AsyncService()
        {
        }), EngineGrpc.getPingMethod(), ServerCalls.asyncUnaryCall(this::ping));
    }

    /**
     * Publishes a ping to the tenant's shard; its egress thread answers once the ping is journaled and decided.
     */
    public void ping(final PingRequest request, final StreamObserver<WireReply> responseObserver)
    {
        final long tenantId = request.getTenantId();
        if (tenantId <= 0)
        {
            responseObserver.onError(GrpcStatuses.invalid("tenant_id", "must be > 0, was " + tenantId).asRuntimeException());
            return;
        }
        final PingCommand ping = PING.get().set(tenantId, request.getCorrelationId(), clock.nanoTime());
        publisher.publish(tenantId, ping, new PingReplyProxy(publisher.shardIdOf(tenantId), responseObserver), responseObserver);
    }
}
