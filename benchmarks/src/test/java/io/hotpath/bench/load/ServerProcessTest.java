package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hotpath.bench.profile.Recordings;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anchors' servers in processes of their own: the packaged engine and bare grpc-java each answer
 * a ping over gRPC, report their JIT's compile time, record themselves with Flight Recorder when
 * asked, and stop when closed.
 */
@Timeout(180)
class ServerProcessTest
{
    private static final PingRequest PING = PingRequest.newBuilder().setTenantId(1).setCorrelationId(7).build();
    private static String home;

    @TempDir
    Path dir;

    @BeforeAll
    static void packagedEngine()
    {
        home = System.getProperty("hotpath.home");
        System.setProperty("hotpath.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    @AfterAll
    static void restore()
    {
        if (home == null)
        {
            System.clearProperty("hotpath.home");
        }
        else
        {
            System.setProperty("hotpath.home", home);
        }
    }

    @Test
    void shouldServeBareGrpcJavasPingReplyFromAProcessOfItsOwnAndRecordIt() throws Exception
    {
        final PingReply pong = PingReply.newBuilder().setTenantId(1).setCorrelationId(7).setEngineSequence(42).setShardId(1).build();
        final ServerProcess bare = ServerProcess.bare(dir, pong);
        try (bare)
        {
            bare.awaitPing(PING);
            assertThat(ping(bare.port())).isEqualTo(pong);
            assertThat(bare.compileNanos()).isPositive();

            final Path settings = Recordings.settingsFile(dir);
            bare.primeRecording(settings);
            final Path recording = dir.resolve("bare.jfr");
            bare.record(recording, settings, Duration.ZERO, Duration.ofSeconds(1));
            final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.isRegularFile(recording) && Files.size(recording) > 0) && System.nanoTime() < giveUp)
            {
                Thread.sleep(100);
            }
            assertThat(recording).isNotEmptyFile();
        }
        assertThat(bare.isAlive()).isFalse();
    }

    @Test
    void shouldServeTheEnginesOwnPingReplyFromAProcessOfItsOwn() throws Exception
    {
        final ServerProcess engine = ServerProcess.engine(dir);
        try (engine)
        {
            engine.awaitPing(PING);
            final PingReply reply = ping(engine.port());
            assertThat(reply.getTenantId()).isEqualTo(1);
            assertThat(reply.getCorrelationId()).isEqualTo(7);
            assertThat(reply.getEngineSequence()).as("the engine decided it, after the pings that waited for it").isPositive();
            assertThat(reply.getJournalIndex()).as("and journaled it").isNotZero();
        }
        assertThat(engine.isAlive()).isFalse();
    }

    private static PingReply ping(final int port) throws InterruptedException
    {
        final ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try
        {
            return EngineGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).ping(PING);
        }
        finally
        {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
