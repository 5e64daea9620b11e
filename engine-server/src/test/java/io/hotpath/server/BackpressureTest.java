package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard whose logic is held fills its ring; the front must refuse at once with
 * RESOURCE_EXHAUSTED, never block, and lose none of what it accepted.
 */
@Timeout(60)
class BackpressureTest
{
    private static final int RING = 8;
    private static final int CALLS = 40;

    @TempDir
    Path journal;

    @Test
    void shouldAnswerResourceExhaustedWhenTheRingIsFullAndLoseNothingAccepted() throws Exception
    {
        final CountDownLatch gate = new CountDownLatch(1);
        final ShardLogicFactory heldLogic = (shardId, snapshots, outbox) ->
        {
            final EngineLogic engine = new EngineLogic(16, snapshots);
            return new ShardLogic()
            {
                @Override
                public int apply(final DirectBuffer command, final int length, final long sequence, final MutableDirectBuffer result)
                {
                    await(gate);
                    return engine.apply(command, length, sequence, result);
                }

                @Override
                public long stateHash(final long engineSequence)
                {
                    return engine.stateHash(engineSequence);
                }
            };
        };
        final Map<Long, Status.Code> outcomes = new ConcurrentHashMap<>();
        final CountDownLatch answered = new CountDownLatch(CALLS);
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1, "hotpath.ring.size", RING), heldLogic))
        {
            final EngineGrpc.EngineStub stub = EngineGrpc.newStub(engine.channel);
            for (long id = 0; id < CALLS; id++)
            {
                stub.ping(PingRequest.newBuilder().setTenantId(1).setCorrelationId(id).build(), recorder(id, outcomes, answered));
            }

            // The rejections arrive while the logic is still held: refusing never waits for the ring.
            while (outcomes.size() < CALLS - RING)
            {
                Thread.sleep(10);
            }
            assertThat(outcomes.values()).containsOnly(Status.Code.RESOURCE_EXHAUSTED);

            gate.countDown();
            assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
        }

        final Set<Long> accepted = new HashSet<>();
        outcomes.forEach((id, code) ->
        {
            if (code == Status.Code.OK)
            {
                accepted.add(id);
            }
        });
        assertThat(accepted).hasSize(RING);
        assertThat(outcomes.values()).containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
        assertThat(journaledCorrelationIds()).isEqualTo(accepted);
    }

    private Set<Long> journaledCorrelationIds()
    {
        final Set<Long> ids = new HashSet<>();
        try (JournalReader reader = JournalReader.open(journal.resolve("shard-0")))
        {
            final CommandCursor commands = reader.commands();
            while (commands.next())
            {
                ids.add(commands.correlationId());
            }
        }
        return ids;
    }

    private static StreamObserver<PingReply> recorder(final long id, final Map<Long, Status.Code> outcomes, final CountDownLatch answered)
    {
        return new StreamObserver<>()
        {
            @Override
            public void onNext(final PingReply reply)
            {
                outcomes.put(id, Status.Code.OK);
            }

            @Override
            public void onError(final Throwable failure)
            {
                outcomes.put(id, Status.fromThrowable(failure).getCode());
                answered.countDown();
            }

            @Override
            public void onCompleted()
            {
                answered.countDown();
            }
        };
    }

    private static void await(final CountDownLatch gate)
    {
        try
        {
            gate.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
