package io.hotpath.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.StageTimestamps;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A ping's reply, written on the wire by hand, against the generated message: the same bytes for any values, zeros (the
 * proto3 defaults, left out) and varint edges included.
 */
class PingReplyProxyTest
{
    @Property(tries = 2_000)
    void shouldWriteTheBytesTheGeneratedMessageSerializesTo(
        @ForAll("numbers") final long tenantId, @ForAll("numbers") final long correlationId,
        @ForAll("numbers") final long engineSequence, @ForAll("shards") final int shardId,
        @ForAll("numbers") final long journalIndex, @ForAll("numbers") final long ingress,
        @ForAll("numbers") final long journaled, @ForAll("numbers") final long decided, @ForAll("numbers") final long egress)
    {
        final PingReply message = PingReply.newBuilder()
            .setTenantId(tenantId)
            .setCorrelationId(correlationId)
            .setEngineSequence(engineSequence)
            .setShardId(shardId)
            .setJournalIndex(journalIndex)
            .setStages(StageTimestamps.newBuilder()
                .setIngressEpochNanos(ingress)
                .setJournaledEpochNanos(journaled)
                .setDecidedEpochNanos(decided)
                .setEgressEpochNanos(egress))
            .build();

        assertThat(PingReplyProxy.reply(tenantId, correlationId, engineSequence, shardId, journalIndex, ingress, journaled,
            decided, egress)).isEqualTo(message.toByteArray());
    }

    @Provide
    Arbitrary<Long> numbers()
    {
        return Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.of(1L, -1L, 127L, 128L, Long.MAX_VALUE, Long.MIN_VALUE),
            Arbitraries.longs());
    }

    @Provide
    Arbitrary<Integer> shards()
    {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.of(-1, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE),
            Arbitraries.integers());
    }
}
