package io.hotpath.core.control;

import io.hotpath.core.sbe.ApplyConfigEncoder;
import io.hotpath.core.sbe.CommandMetaEncoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.LeaderElectedEncoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.RecoveredEncoder;
import io.hotpath.core.sbe.TakeSnapshotEncoder;
import io.hotpath.core.sbe.TickEncoder;
import io.hotpath.core.shard.CommandSource;
import org.agrona.MutableDirectBuffer;

/**
 * The control commands the control plane publishes into a shard's ring. They are journaled and
 * replayed like any other command. Built off the hot path, so plain objects are fine here.
 */
public sealed interface ControlCommand
{
    /**
     * @return the tenant the command is about; 0 for shard-wide commands.
     */
    long tenantId();

    /**
     * @return a source that writes this command stamped with {@code ingressTime}.
     */
    CommandSource source(long correlationId, long ingressTime);

    /**
     * Replace one tenant's config of one domain.
     */
    record ApplyConfig(long tenantId, ConfigDomain domain, long version, byte[] config, String origin) implements ControlCommand
    {
        public ApplyConfig(final long tenantId, final ConfigDomain domain, final long version, final byte[] config)
        {
            this(tenantId, domain, version, config, "");
        }

        @Override
        public CommandSource source(final long correlationId, final long ingressTime)
        {
            return new CommandSource()
            {
                @Override
                public int encodeCommand(final MutableDirectBuffer buffer)
                {
                    return encode(buffer, correlationId, ingressTime);
                }

                @Override
                public int encodedLength()
                {
                    return MessageHeaderEncoder.ENCODED_LENGTH + ApplyConfigEncoder.BLOCK_LENGTH
                        + ApplyConfigEncoder.configHeaderLength() + config.length
                        + ApplyConfigEncoder.originHeaderLength() + origin.length();
                }
            };
        }

        private int encode(final MutableDirectBuffer buffer, final long correlationId, final long ingressTime)
        {
            final ApplyConfigEncoder encoder = new ApplyConfigEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
            encoder.meta().tenantId(tenantId).correlationId(correlationId).ingressTime(ingressTime).idempotencyKey(0);
            encoder.domain(domain).configVersion(version).putConfig(config, 0, config.length).origin(origin);
            return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        }
    }

    /**
     * Write the shard's state at this point of its command stream.
     */
    record TakeSnapshot(long snapshotId) implements ControlCommand
    {
        @Override
        public long tenantId()
        {
            return 0;
        }

        @Override
        public CommandSource source(final long correlationId, final long ingressTime)
        {
            return buffer -> encode(buffer, correlationId, ingressTime);
        }

        private int encode(final MutableDirectBuffer buffer, final long correlationId, final long ingressTime)
        {
            final TakeSnapshotEncoder encoder = new TakeSnapshotEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
            encoder.meta().tenantId(0).correlationId(correlationId).ingressTime(ingressTime).idempotencyKey(0);
            encoder.snapshotId(snapshotId);
            return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        }
    }

    /**
     * The passage of time: lets each domain make its time-driven changes at a journaled point.
     */
    record Tick() implements ControlCommand
    {
        @Override
        public long tenantId()
        {
            return 0;
        }

        @Override
        public CommandSource source(final long correlationId, final long ingressTime)
        {
            return buffer -> metaOnly(buffer, TickEncoder.TEMPLATE_ID, TickEncoder.BLOCK_LENGTH, correlationId, ingressTime);
        }
    }

    /**
     * The shard restarted from its snapshot and journal: what belonged to the process before ends.
     */
    record Recovered() implements ControlCommand
    {
        @Override
        public long tenantId()
        {
            return 0;
        }

        @Override
        public CommandSource source(final long correlationId, final long ingressTime)
        {
            return buffer -> metaOnly(buffer, RecoveredEncoder.TEMPLATE_ID, RecoveredEncoder.BLOCK_LENGTH, correlationId, ingressTime);
        }
    }

    /**
     * A replicated shard's new leader starts its epoch here: journaled as the epoch's first command, applied by every follower.
     */
    record LeaderElected(long epoch) implements ControlCommand
    {
        @Override
        public long tenantId()
        {
            return 0;
        }

        @Override
        public CommandSource source(final long correlationId, final long ingressTime)
        {
            return buffer ->
            {
                final LeaderElectedEncoder encoder = new LeaderElectedEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
                encoder.meta().tenantId(0).correlationId(correlationId).ingressTime(ingressTime).idempotencyKey(0);
                encoder.epoch(epoch);
                return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            };
        }
    }

    /**
     * A domain's command that must not be lost to a full ring, such as ending a price stream whose
     * client went away: the control plane retries it on a timer where the fronts would refuse it.
     */
    record Domain(long tenantId, Encoder encoder) implements ControlCommand
    {
        /**
         * Writes the command, stamped with the identity the control plane gives it.
         */
        @FunctionalInterface
        public interface Encoder
        {
            /**
             * @return the length written at offset 0 of {@code buffer}.
             */
            int encode(MutableDirectBuffer buffer, long correlationId, long ingressTime);
        }

        @Override
        public CommandSource source(final long correlationId, final long ingressTime)
        {
            return buffer -> encoder.encode(buffer, correlationId, ingressTime);
        }
    }

    /**
     * Encodes a shard-wide control command that is its meta alone (a {@code Tick}, a {@code Recovered}).
     *
     * @return the encoded length.
     */
    private static int metaOnly(final MutableDirectBuffer buffer, final int templateId, final int blockLength, final long correlationId,
        final long ingressTime)
    {
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(blockLength).templateId(templateId)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(MessageHeaderEncoder.SCHEMA_VERSION);
        new CommandMetaEncoder().wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH)
            .tenantId(0).correlationId(correlationId).ingressTime(ingressTime).idempotencyKey(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + blockLength;
    }
}
