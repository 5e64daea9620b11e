package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the engine under load finishes the calls in flight, drains the shards and closes the
 * journals: every acknowledged ping is journaled and every journaled ping was acknowledged.
 */
@Timeout(90)
class GracefulShutdownTest
{
    private static final int WINDOW = 64;

    @TempDir
    Path journal;

    @Test
    void shouldLoseNothingWhenClosedUnderLoad() throws Exception
    {
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        final Map<Long, Status.Code> refused = new ConcurrentHashMap<>();
        final Semaphore window = new Semaphore(WINDOW);
        final TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 2));
        final EngineGrpc.EngineStub stub = EngineGrpc.newStub(engine.channel);

        final Thread sender = new Thread(() ->
        {
            for (long id = 0; refused.isEmpty(); id++)
            {
                window.acquireUninterruptibly();
                final PingRequest request = PingRequest.newBuilder().setTenantId(1 + id % 8).setCorrelationId(id).build();
                stub.ping(request, observer(id, acknowledged, refused, window));
            }
        });
        sender.start();
        while (acknowledged.size() < 2_000)
        {
            Thread.sleep(5);
        }

        engine.engine.close();
        sender.join(30_000);
        assertThat(window.tryAcquire(WINDOW, 30, TimeUnit.SECONDS)).as("every call answered").isTrue();
        engine.close();

        assertThat(refused.values()).containsOnly(Status.Code.UNAVAILABLE);
        assertThat(journaled()).isEqualTo(acknowledged);
    }

    private Set<Long> journaled()
    {
        final Set<Long> ids = ConcurrentHashMap.newKeySet();
        for (int shard = 0; shard < 2; shard++)
        {
            try (JournalReader reader = JournalReader.open(journal.resolve("shard-" + shard)))
            {
                final CommandCursor commands = reader.commands();
                while (commands.next())
                {
                    ids.add(commands.correlationId());
                }
            }
        }
        return ids;
    }

    private static StreamObserver<PingReply> observer(
        final long id, final Set<Long> acknowledged, final Map<Long, Status.Code> refused, final Semaphore window)
    {
        return new StreamObserver<>()
        {
            @Override
            public void onNext(final PingReply reply)
            {
                acknowledged.add(id);
            }

            @Override
            public void onError(final Throwable failure)
            {
                refused.put(id, Status.fromThrowable(failure).getCode());
                window.release();
            }

            @Override
            public void onCompleted()
            {
                window.release();
            }
        };
    }
}
