package io.hotpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.ExchangeGrpc;
import io.hotpath.gateway.v1.ExchangeReply;
import io.hotpath.gateway.v1.ExchangeRequest;
import io.hotpath.gateway.v1.PingRequest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engine serve} as a supervisor sees it: the exit status of each way it can end
 * ({@link ExitCodes}), with the engine in a process of its own and real signals.
 */
@Timeout(300)
class ExitCodeTest
{
    @TempDir
    Path dir;

    @Test
    void shouldExitZeroAfterACleanStopOnSigterm() throws Exception
    {
        final ChildEngine engine = serve("1s");
        ping(engine.port());

        engine.signal("TERM");

        assertThat(engine.exitStatus()).as(engine.output()).isEqualTo(ExitCodes.STOPPED);
        assertThat(engine.output()).contains("hotpath stopped cleanly; exit status 0");
    }

    @Test
    void shouldExitZeroAfterACleanStopOnSigint() throws Exception
    {
        final ChildEngine engine = serve("1s");
        ping(engine.port());

        engine.signal("INT");

        assertThat(engine.exitStatus()).as(engine.output()).isEqualTo(ExitCodes.STOPPED);
    }

    @Test
    void shouldExitThreeWhenACallIsStillInFlightAfterTheGracePeriod() throws Exception
    {
        final ChildEngine engine = serve("1s");
        final ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", engine.port()).usePlaintext().build();
        try
        {
            // An Exchange stream the client never half-closes is a call in flight until it is cancelled.
            final StreamObserver<ExchangeRequest> open = ExchangeGrpc.newStub(channel).exchange(new StreamObserver<ExchangeReply>()
            {
                @Override
                public void onNext(final ExchangeReply reply)
                {
                }

                @Override
                public void onError(final Throwable failure)
                {
                }

                @Override
                public void onCompleted()
                {
                }
            });
            open.onNext(ExchangeRequest.newBuilder().setRequestId(1).build());
            ping(engine.port());

            engine.signal("TERM");

            assertThat(engine.exitStatus()).as(engine.output()).isEqualTo(ExitCodes.NOT_DRAINED);
            assertThat(engine.output()).contains("calls still in flight after PT1S; cancelling them",
                "hotpath stopped without draining completely (see the log); exit status 3");
        }
        finally
        {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldExitSeventyEightWhenTheConfigurationRefusesTheStart() throws Exception
    {
        final Path config = dir.resolve("engine.conf");
        Files.writeString(config, "hotpath.journal.directory = /tmp/misspelt\n");

        final ChildEngine engine = ChildEngine.serve("--port", "0", "--admin-port", "-1", "--journal", dir.resolve("journal").toString(),
            "--config", config.toString());

        assertThat(engine.exitStatus()).as(engine.output()).isEqualTo(ExitCodes.CONFIG_REFUSED);
        assertThat(engine.output()).contains("engine serve: ", "hotpath.journal.directory");
    }

    @Test
    void shouldExitOneWhenTheStartFailsForAnotherReason() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0))
        {
            final ChildEngine engine = ChildEngine.serve("--port", Integer.toString(taken.getLocalPort()), "--admin-port", "-1",
                "--journal", dir.resolve("journal").toString());

            assertThat(engine.exitStatus()).as(engine.output()).isEqualTo(ExitCodes.CRASHED);
            assertThat(engine.output()).contains("engine serve: could not start: cannot listen on", "Address already in use");
        }
    }

    @Test
    void shouldSayWhyTheShardsDidNotStart() throws Exception
    {
        final Path notADirectory = Files.writeString(dir.resolve("journal-file"), "a file, not a directory");
        final ChildEngine engine = ChildEngine.serve("--port", "0", "--admin-port", "-1", "--journal", notADirectory.toString());

        assertThat(engine.exitStatus()).as(engine.output()).isEqualTo(ExitCodes.CRASHED);
        final String line = engine.output().lines().filter(text -> text.startsWith("engine serve:")).findFirst().orElse("");
        assertThat(line).as(engine.output())
            .matches("engine serve: could not start: shards did not start: shard-\\d: cannot open .*owner\\.lock: .*journal-file.*")
            .doesNotContain("ActorInitializationException", "pekko://");
    }

    @Test
    void shouldExitTwoWhenTheCommandLineIsNotUnderstood() throws Exception
    {
        final ChildEngine engine = ChildEngine.serve("--no-such-flag");

        assertThat(engine.exitStatus()).as(engine.output()).isEqualTo(ExitCodes.USAGE);
    }

    private ChildEngine serve(final String grace) throws Exception
    {
        final Path config = dir.resolve("engine.conf");
        Files.writeString(config, "hotpath { tick-interval = 0s, journal.snapshot-interval = 0s, shutdown-grace = " + grace + " }\n");
        return ChildEngine.serve("--port", "0", "--admin-port", "-1", "--shards", "1", "--journal", dir.resolve("journal").toString(),
            "--config", config.toString());
    }

    private static void ping(final int port) throws InterruptedException
    {
        final ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try
        {
            EngineGrpc.newBlockingStub(channel).ping(PingRequest.newBuilder().setTenantId(1).build());
        }
        finally
        {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
