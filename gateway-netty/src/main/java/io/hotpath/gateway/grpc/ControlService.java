package io.hotpath.gateway.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.control.ControlReply;
import io.hotpath.core.control.EngineGuardian;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.shard.Shard;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control RPCs. They go through the control plane's actors, which publish them into the
 * owning shard's ring, so they are journaled and replayed like any other command. Each control
 * action is logged once with its outcome, as an operator's audit trail; these are rare, unlike the
 * commands on the hot path, which are never logged.
 */
public final class ControlService extends ControlGrpc.ControlImplBase
{
    private static final Logger LOG = LoggerFactory.getLogger(ControlService.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    /** Largest config document; it travels in a command of its own size, outside the ring's slots. */
    public static final int MAX_CONFIG_BYTES = 512 * 1024;
    private static final int MAX_ORIGIN = 256;

    private final ActorSystem<EngineGuardian.Command> system;
    private final ShardDirectory directory;
    private final SnapshotsWritten snapshots;

    /**
     * Where a shard's snapshots reach the disk, after the shard has taken them.
     */
    @FunctionalInterface
    public interface SnapshotsWritten
    {
        /**
         * @return completes with true once the snapshot shard {@code shardId} took at {@code engineSequence} is on
         *         disk, with false if it could not be written.
         */
        CompletableFuture<Boolean> written(int shardId, long engineSequence);
    }

    /**
     * @param snapshots tells when a snapshot an operator asked for is on disk, so the call answers then.
     */
    public ControlService(
        final ActorSystem<EngineGuardian.Command> system, final ShardDirectory directory, final SnapshotsWritten snapshots)
    {
        this.system = system;
        this.directory = directory;
        this.snapshots = snapshots;
    }

    @Override
    public void applyConfig(final ApplyConfigRequest request, final StreamObserver<io.hotpath.gateway.v1.ControlReply> observer)
    {
        final Status invalid = validate(request);
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        final ControlCommand.ApplyConfig command = new ControlCommand.ApplyConfig(
            request.getTenantId(),
            ConfigDomain.get((short)request.getDomainValue()),
            request.getVersion(),
            request.getConfig().toByteArray(),
            request.getOrigin());
        final int shardId = directory.shardIdOf(request.getTenantId());
        final String action = "tenant " + request.getTenantId() + " " + command.domain().name().toLowerCase(Locale.ROOT)
            + " config version " + request.getVersion() + " (origin \"" + request.getOrigin() + "\")";
        ask(replyTo -> new EngineGuardian.TenantControl(command, replyTo), shardId, action, observer);
    }

    @Override
    public void takeSnapshot(final TakeSnapshotRequest request, final StreamObserver<io.hotpath.gateway.v1.ControlReply> observer)
    {
        if (request.getShardId() < 0 || request.getShardId() >= directory.shardCount())
        {
            observer.onError(GrpcStatuses.invalid(
                "shard_id", "must be in [0, " + directory.shardCount() + "), was " + request.getShardId()).asRuntimeException());
            return;
        }
        if (request.getSnapshotId() <= 0)
        {
            observer.onError(GrpcStatuses.invalid("snapshot_id", "must be > 0, was " + request.getSnapshotId()).asRuntimeException());
            return;
        }
        final ControlCommand command = new ControlCommand.TakeSnapshot(request.getSnapshotId());
        final int shardId = request.getShardId();
        ask(replyTo -> new EngineGuardian.ShardControl(shardId, command, replyTo), shardId, "snapshot " + request.getSnapshotId(),
            new StreamObserver<>()
            {
                @Override
                public void onNext(final io.hotpath.gateway.v1.ControlReply reply)
                {
                    // Taken at this engine sequence (the audit line says applied); the call answers, and the audit
                    // says written, once the snapshot is on disk too.
                    snapshots.written(shardId, reply.getEngineSequence()).whenComplete((stored, failure) ->
                    {
                        if (failure == null && stored)
                        {
                            LOG.atInfo().addKeyValue("event", "control").addKeyValue("shard", shardId).addKeyValue("outcome", "written")
                                .addKeyValue("engine_sequence", reply.getEngineSequence())
                                .log("snapshot {} of shard {} written to disk", request.getSnapshotId(), shardId);
                            observer.onNext(reply);
                            observer.onCompleted();
                        }
                        else
                        {
                            LOG.atWarn().addKeyValue("event", "control").addKeyValue("shard", shardId).addKeyValue("outcome", "not written")
                                .addKeyValue("engine_sequence", reply.getEngineSequence())
                                .log("snapshot {} of shard {} taken but not written to disk", request.getSnapshotId(), shardId);
                            observer.onError(Status.INTERNAL.withDescription("snapshot " + request.getSnapshotId() + " taken on shard "
                                + shardId + " at engine sequence " + reply.getEngineSequence() + " but not written to disk: see the "
                                + "engine's log").asRuntimeException());
                        }
                    });
                }

                @Override
                public void onError(final Throwable failure)
                {
                    observer.onError(failure);
                }

                @Override
                public void onCompleted()
                {
                    // Answered from onNext, once the snapshot is written.
                }
            });
    }

    private Status validate(final ApplyConfigRequest request)
    {
        if (request.getTenantId() <= 0)
        {
            return GrpcStatuses.invalid("tenant_id", "must be > 0, was " + request.getTenantId());
        }
        final int domain = request.getDomainValue();
        if (domain < 1 || domain > 3)
        {
            return GrpcStatuses.invalid("domain", "must be ROUTING, FRAUD or PRICING, was " + domain);
        }
        if (request.getVersion() <= 0)
        {
            return GrpcStatuses.invalid("version", "must be > 0, was " + request.getVersion());
        }
        if (request.getConfig().size() > MAX_CONFIG_BYTES)
        {
            return GrpcStatuses.invalid("config", request.getConfig().size() + " bytes exceeds the limit of " + MAX_CONFIG_BYTES);
        }
        if (request.getOrigin().length() > MAX_ORIGIN || !request.getOrigin().chars().allMatch(c -> c >= ' ' && c <= '~'))
        {
            return GrpcStatuses.invalid("origin", "must be at most " + MAX_ORIGIN + " printable ASCII characters");
        }
        if (PanDetector.containsPan(request.getOrigin()))
        {
            return GrpcStatuses.invalid("origin", "looks like a card number; card numbers are never accepted");
        }
        if (PanDetector.containsPan(request.getConfig().toString(StandardCharsets.UTF_8)))
        {
            return GrpcStatuses.invalid("config", "holds what looks like a card number; card numbers are never accepted");
        }
        return null;
    }

    private void ask(
        final Function<ActorRef<ControlReply>, EngineGuardian.Command> message,
        final int shardId,
        final String action,
        final StreamObserver<io.hotpath.gateway.v1.ControlReply> observer)
    {
        AskPattern.ask(system, message::apply, ASK_TIMEOUT, system.scheduler()).whenComplete((reply, failure) ->
        {
            if (failure != null)
            {
                LOG.atWarn().addKeyValue("event", "control").addKeyValue("shard", shardId).addKeyValue("outcome", "no answer")
                    .log("{} on shard {}: the control plane did not answer", action, shardId);
                observer.onError(Status.DEADLINE_EXCEEDED.withDescription("control plane did not answer: " + failure).asRuntimeException());
            }
            else if (reply.status() != Shard.PUBLISHED)
            {
                final StatusRuntimeException refused = GrpcStatuses.refused(reply.status(), shardId, directory);
                LOG.atWarn().addKeyValue("event", "control").addKeyValue("shard", shardId).addKeyValue("outcome", "refused")
                    .log("{} on shard {} refused: {}", action, shardId, refused.getStatus().getDescription());
                observer.onError(refused);
            }
            else if (!reply.applied())
            {
                // The log says what the caller is told.
                final Status rejected = GrpcStatuses.failed(reply.code(), reply.detail());
                LOG.atWarn().addKeyValue("event", "control").addKeyValue("shard", shardId).addKeyValue("outcome", "rejected")
                    .addKeyValue("engine_sequence", reply.engineSequence()).addKeyValue("code", reply.code())
                    .log("{} on shard {} rejected: {}: {}", action, shardId, rejected.getCode(), rejected.getDescription());
                observer.onError(rejected.asRuntimeException());
            }
            else
            {
                LOG.atInfo().addKeyValue("event", "control").addKeyValue("shard", shardId).addKeyValue("outcome", "applied")
                    .addKeyValue("engine_sequence", reply.engineSequence()).addKeyValue("state_hash", Long.toHexString(reply.hash()))
                    .log("{} applied on shard {} at engine sequence {}, state hash {}", action, shardId, reply.engineSequence(),
                        Long.toHexString(reply.hash()));
                observer.onNext(io.hotpath.gateway.v1.ControlReply.newBuilder()
                    .setEngineSequence(reply.engineSequence())
                    .setHash(reply.hash())
                    .setShardId(shardId)
                    .build());
                observer.onCompleted();
            }
        });
    }
}
