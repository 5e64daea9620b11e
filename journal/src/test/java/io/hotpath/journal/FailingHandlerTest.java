package io.hotpath.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PingResultDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ResultMetaDecoder;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.ShardContext;
import io.hotpath.core.shard.ShardJournal;
import io.hotpath.core.shard.ShardThreading;
import io.hotpath.core.shard.Stage;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class FailingHandlerTest
{
    private static final long POISON = 13;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerOnlyTheCommandWhoseLogicThrewWithAnInternalErrorAndKeepRunning() throws Exception
    {
        final EngineLogic engine = ShardFixture.freshLogic(dir);
        final ShardLogic throwsOnPoison = new ShardLogic()
        {
            @Override
            public int apply(final DirectBuffer command, final int length, final long sequence, final MutableDirectBuffer result)
            {
                if (command.getLong(MessageHeaderDecoder.ENCODED_LENGTH + 8, java.nio.ByteOrder.LITTLE_ENDIAN) == POISON)
                {
                    throw new IllegalStateException("a bug, on purpose");
                }
                return engine.apply(command, length, sequence, result);
            }

            @Override
            public long stateHash(final long engineSequence)
            {
                return engine.stateHash(engineSequence);
            }
        };
        final Shard shard = ShardFixture.start(dir, ShardContext.defaults(0), throwsOnPoison, Durability.MAPPED);
        final Map<Long, ResultCode> codes = new ConcurrentHashMap<>();
        final Map<Long, Integer> templates = new ConcurrentHashMap<>();
        final CountDownLatch replies = new CountDownLatch(30);
        final PingCommand ping = new PingCommand();
        for (long correlationId = 0; correlationId < 30; correlationId++)
        {
            ping.set(3, correlationId, correlationId);
            assertThat(shard.tryPublish(ping, event ->
            {
                final ResultMetaDecoder meta = new ResultMetaDecoder().wrap(event.result(), MessageHeaderDecoder.ENCODED_LENGTH);
                codes.put(meta.correlationId(), meta.code());
                templates.put(meta.correlationId(), new MessageHeaderDecoder().wrap(event.result(), 0).templateId());
                replies.countDown();
            })).isEqualTo(Shard.PUBLISHED);
        }

        assertThat(replies.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(codes.get(POISON)).isEqualTo(ResultCode.INTERNAL_ERROR);
        assertThat(templates.get(POISON)).isEqualTo(CommandFailedDecoder.TEMPLATE_ID);
        codes.remove(POISON);
        assertThat(codes).hasSize(29).allSatisfy((id, code) -> assertThat(code).isEqualTo(ResultCode.OK));
        templates.remove(POISON);
        assertThat(templates.values()).containsOnly(PingResultDecoder.TEMPLATE_ID);
        assertThat(shard.counters().failures(Stage.DECISION)).isEqualTo(1);
        assertThat(shard.isRunning()).isTrue();
        shard.close();
    }

    @ParameterizedTest
    @EnumSource(ShardThreading.class)
    void shouldAnswerACommandTheJournalRefusedWithAnInternalErrorAndFaultTheShard(final ShardThreading threading) throws Exception
    {
        final ChronicleJournal chronicle = ChronicleJournal.open(dir, Durability.MAPPED);
        final ShardJournal refusesPoison = new ShardJournal()
        {
            @Override
            public long appendCommand(final DirectBuffer buffer, final int offset, final int length)
            {
                if (buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH + 8, java.nio.ByteOrder.LITTLE_ENDIAN) == POISON)
                {
                    throw new IllegalStateException("disk full, on purpose");
                }
                return chronicle.appendCommand(buffer, offset, length);
            }

            @Override
            public void commitBatch()
            {
                chronicle.commitBatch();
            }

            @Override
            public void appendResult(
                final long commandIndex, final long egressAt, final DirectBuffer buffer, final int offset, final int length)
            {
                chronicle.appendResult(commandIndex, egressAt, buffer, offset, length);
            }

            @Override
            public void close()
            {
                chronicle.close();
            }
        };
        final Shard shard = new Shard(ShardContext.defaults(0).withThreading(threading), refusesPoison, ShardFixture.freshLogic(dir),
            new OffsetEpochNanoClock()).start();
        final Map<Long, ResultCode> codes = new ConcurrentHashMap<>();
        final PingCommand ping = new PingCommand();
        for (long correlationId = 0; correlationId <= POISON; correlationId++)
        {
            final CountDownLatch reply = new CountDownLatch(1);
            assertThat(shard.tryPublish(ping.set(3, correlationId, correlationId), event ->
            {
                final ResultMetaDecoder meta = new ResultMetaDecoder().wrap(event.result(), MessageHeaderDecoder.ENCODED_LENGTH);
                codes.put(meta.correlationId(), meta.code());
                reply.countDown();
            })).isEqualTo(Shard.PUBLISHED);
            assertThat(reply.await(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(codes.get(POISON)).isEqualTo(ResultCode.INTERNAL_ERROR);
        codes.remove(POISON);
        assertThat(codes).hasSize((int)POISON).allSatisfy((id, code) -> assertThat(code).isEqualTo(ResultCode.OK));
        assertThat(shard.counters().failures(Stage.JOURNAL)).isEqualTo(1);
        assertThat(shard.tryPublish(ping.set(3, 99, 99), event -> { })).isEqualTo(Shard.FAULTED);
        shard.close();
    }
}
