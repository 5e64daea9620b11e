package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.grpc.ControlService;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.ControlReply;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.journal.JournalDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@Timeout(60)
class EngineGrpcTest
{
    @TempDir
    static Path journal;

    private static TestEngine engine;
    private static EngineGrpc.EngineBlockingStub pings;
    private static ControlGrpc.ControlBlockingStub control;

    @BeforeAll
    static void start()
    {
        engine = TestEngine.start(journal, Map.of("hotpath.shards", 2));
        pings = EngineGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        control = ControlGrpc.newBlockingStub(engine.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop()
    {
        engine.close();
        // A closed engine still reaches its shards' state through its actor system: let it go.
        engine = null;
    }

    @Test
    void shouldAnswerAPingWithTheShardsSequenceAndStageTimestamps()
    {
        final long tenant = 42;
        final PingReply first = pings.ping(PingRequest.newBuilder().setTenantId(tenant).setCorrelationId(7).build());
        final PingReply second = pings.ping(PingRequest.newBuilder().setTenantId(tenant).setCorrelationId(8).build());

        assertThat(first.getTenantId()).isEqualTo(tenant);
        assertThat(first.getCorrelationId()).isEqualTo(7);
        assertThat(first.getShardId()).isEqualTo(engine.engine.directory().shardIdOf(tenant));
        assertThat(second.getEngineSequence()).isGreaterThan(first.getEngineSequence());
        assertThat(second.getJournalIndex()).isGreaterThan(first.getJournalIndex());
        final var stages = first.getStages();
        assertThat(stages.getIngressEpochNanos()).isPositive();
        assertThat(stages.getJournaledEpochNanos()).isGreaterThanOrEqualTo(stages.getIngressEpochNanos());
        assertThat(stages.getDecidedEpochNanos()).isGreaterThanOrEqualTo(stages.getIngressEpochNanos());
        assertThat(stages.getEgressEpochNanos())
            .isGreaterThanOrEqualTo(stages.getJournaledEpochNanos())
            .isGreaterThanOrEqualTo(stages.getDecidedEpochNanos());
    }

    @Test
    void shouldRejectANonPositiveTenantNamingTheField()
    {
        assertThatThrownBy(() -> pings.ping(PingRequest.newBuilder().setTenantId(0).build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, ex ->
            {
                assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(ex.getStatus().getDescription()).startsWith("tenant_id");
            });
    }

    @Test
    void shouldApplyConfigThroughTheRingAndRefuseAVersionThatDoesNotIncrease()
    {
        final ApplyConfigRequest v1 = ApplyConfigRequest.newBuilder()
            .setTenantId(9).setDomain(ConfigDomain.CONFIG_DOMAIN_FRAUD).setVersion(1)
            .setConfig(ByteString.copyFromUtf8("threshold = 700")).build();
        final ControlReply applied = control.applyConfig(v1);
        assertThat(applied.getShardId()).isEqualTo(engine.engine.directory().shardIdOf(9));
        assertThat(applied.getHash()).isNotZero();
        assertThat(control.applyConfig(v1).getHash()).as("the config in force, sent again (a retry)").isEqualTo(applied.getHash());

        assertThatThrownBy(() -> control.applyConfig(v1.toBuilder().setConfig(ByteString.copyFromUtf8("threshold = 800")).build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, ex ->
            {
                assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(ex.getStatus().getDescription())
                    .isEqualTo("version: 1 is in force; a new config needs a higher version, was 1 with other content");
            });
        final ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        final Logger controlLog = (Logger)LoggerFactory.getLogger(ControlService.class);
        controlLog.addAppender(log);
        try
        {
            assertThatThrownBy(() -> control.applyConfig(v1.toBuilder().setConfig(ByteString.copyFromUtf8("threshold = 900")).build()))
                .isInstanceOf(StatusRuntimeException.class);
        }
        finally
        {
            controlLog.detachAppender(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).as("the server's log says what the caller was told")
            .anySatisfy(line -> assertThat(line).endsWith("rejected: INVALID_ARGUMENT: version: 1 is in force; a new config needs a "
                + "higher version, was 1 with other content"));
        control.applyConfig(v1.toBuilder().setVersion(2).setConfig(ByteString.copyFromUtf8("threshold = 800")).build());
        assertThatThrownBy(() -> control.applyConfig(v1))
            .isInstanceOfSatisfying(StatusRuntimeException.class, ex ->
            {
                assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(ex.getStatus().getDescription()).isEqualTo("version: must be higher than 2, the version in force, was 1");
            });
    }

    @Test
    void shouldRejectInvalidControlRequestsNamingTheField()
    {
        final ApplyConfigRequest valid = ApplyConfigRequest.newBuilder()
            .setTenantId(5).setDomain(ConfigDomain.CONFIG_DOMAIN_PRICING).setVersion(1).build();
        assertInvalid(() -> control.applyConfig(valid.toBuilder().setTenantId(-1).build()), "tenant_id");
        assertInvalid(() -> control.applyConfig(valid.toBuilder().setDomain(ConfigDomain.CONFIG_DOMAIN_UNSPECIFIED).build()), "domain");
        assertInvalid(() -> control.applyConfig(valid.toBuilder().setVersion(0).build()), "version");
        assertInvalid(() -> control.applyConfig(valid.toBuilder().setConfig(ByteString.copyFrom(new byte[600 * 1024])).build()), "config");
        assertInvalid(() -> control.takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(2).setSnapshotId(1).build()), "shard_id");
        assertInvalid(() -> control.takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0).build()), "snapshot_id");
    }

    @Test
    void shouldWriteASnapshotWhoseStateHashTheReplyReports()
    {
        final ControlReply reply = control.takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(1).setSnapshotId(77).build());

        final var snapshot = new FileSnapshotStore(JournalDescriptor.snapshotsDir(engine.engine.shardJournal(1))).latestValid();
        assertThat(snapshot).isPresent();
        assertThat(snapshot.get().snapshotId()).isEqualTo(77);
        assertThat(snapshot.get().stateHash()).isEqualTo(reply.getHash());
        assertThat(snapshot.get().engineSequence()).isEqualTo(reply.getEngineSequence());
    }

    @Test
    void shouldServeTheStandardHealthService()
    {
        final HealthCheckResponse health = HealthGrpc.newBlockingStub(engine.channel)
            .check(HealthCheckRequest.newBuilder().build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void shouldListItsServicesThroughServerReflection() throws Exception
    {
        final CompletableFuture<ServerReflectionResponse> response = new CompletableFuture<>();
        final StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(engine.channel)
            .serverReflectionInfo(new StreamObserver<>()
            {
                @Override
                public void onNext(final ServerReflectionResponse value)
                {
                    response.complete(value);
                }

                @Override
                public void onError(final Throwable t)
                {
                    response.completeExceptionally(t);
                }

                @Override
                public void onCompleted()
                {
                }
            });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();

        final List<String> services = response.get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList()
            .stream().map(service -> service.getName()).toList();
        assertThat(services).contains("hotpath.v1.Engine", "hotpath.v1.Control", "grpc.health.v1.Health");
    }

    private static void assertInvalid(final Runnable call, final String field)
    {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, ex ->
        {
            assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(ex.getStatus().getDescription()).startsWith(field + ":");
        });
    }
}
