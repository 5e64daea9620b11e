package io.hotpath.fraud;

import io.hotpath.core.logic.DomainLogic;
import io.hotpath.core.logic.EvictingTable;
import io.hotpath.core.logic.EvictionCounts;
import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.logic.ResultWriter;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.core.sbe.FraudLabelRecordedEncoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ReportFraudLabelDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.state.StateFormatException;
import io.hotpath.core.state.StateHashing;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import io.hotpath.fraud.velocity.VelocityStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Fraud scoring for one shard: the tenants' fraud configs (the {@code FRAUD} config domain),
 * fraud labels, and scoring for whoever composes the payment decision.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Scoring and labels allocate nothing;
 * applying a config does.
 */
public final class FraudLogic implements DomainLogic
{
    private static final String LABELS_FULL =
        "label: the shard holds as many labels that block customers as it can; a tenant's next fraud config starts its labels again";

    private final Long2ObjectHashMap<FraudConfig> configs = new Long2ObjectHashMap<>();
    /** A label's longs in {@link #labelled}: tenant, card, email key, device key. */
    private static final int LABEL = 4;

    /**
     * What labels added to the tenants' block lists since their configs, oldest first, {@link #LABEL} longs each, in an
     * array of a fixed capacity. A label that finds it full is refused and counted.
     */
    private final long[] labelled;
    private int labels;
    private long labelsRefused;
    private final VelocityStore velocity;
    private final FraudScorer scorer;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ReportFraudLabelDecoder label = new ReportFraudLabelDecoder();
    private final FraudLabelRecordedEncoder recorded = new FraudLabelRecordedEncoder();
    private final ResultWriter resultWriter = new ResultWriter();
    private long blockedByLabels;

    /**
     * @param velocityKeys keys the velocity store holds.
     * @param maxLabels    labels that block a customer the shard holds, across its tenants, until a tenant's next config.
     */
    public FraudLogic(final int velocityKeys, final int maxLabels)
    {
        this(new FraudLimits(velocityKeys, maxLabels));
    }

    public FraudLogic(final FraudLimits limits)
    {
        velocity = new VelocityStore(limits.velocityKeys());
        scorer = new FraudScorer(velocity);
        labelled = new long[limits.labels() * LABEL];
    }

    @Override
    public ConfigDomain configDomain()
    {
        return ConfigDomain.FRAUD;
    }

    @Override
    public int[] templateIds()
    {
        return new int[] {ReportFraudLabelDecoder.TEMPLATE_ID};
    }

    @Override
    public int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        label.wrapAndApplyHeader(command, 0, header);
        final FraudConfig config = configs.get(label.meta().tenantId());
        if (config == null)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                "tenant_id: no fraud config for this tenant", result);
        }
        final FraudLabel value = label.label();
        if (value == FraudLabel.NULL_VAL)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, "label: unknown", result);
        }
        final boolean block = config.blockConfirmedFraud() && value != FraudLabel.LEGITIMATE;
        if (block)
        {
            if (labels * LABEL == labelled.length)
            {
                labelsRefused++;
                return resultWriter.failed(command, length, engineSequence, ResultCode.LIMIT_EXCEEDED, LABELS_FULL, result);
            }
            block(config, label.cardFingerprint(), label.emailKey(), label.deviceKey());
            final int at = labels++ * LABEL;
            labelled[at] = label.meta().tenantId();
            labelled[at + 1] = label.cardFingerprint();
            labelled[at + 2] = label.emailKey();
            labelled[at + 3] = label.deviceKey();
            blockedByLabels++;
        }
        recorded.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, recorded.meta());
        recorded.paymentId(label.paymentId()).blocked((short)(block ? 1 : 0));
        return MessageHeaderEncoder.ENCODED_LENGTH + recorded.encodedLength();
    }

    @Override
    public String applyConfig(
        final long tenantId, final long version, final DirectBuffer config, final int offset, final int length, final String origin)
    {
        try
        {
            configs.put(tenantId, FraudConfigParser.parse(config.getStringWithoutLengthUtf8(offset, length), origin));
            // A new config brings its own lists: what labels added to the old ones goes with them.
            forgetLabels(tenantId);
            return null;
        }
        catch (final FraudConfigException ex)
        {
            return ex.getMessage();
        }
    }

    @Override
    public void hashState(final Fnv1a64 hasher)
    {
        velocity.hashInto(hasher);
        hasher.add(blockedByLabels).add(labelsRefused).add(labels).add(StateHashing.chain(0, labelled, 0, labels * LABEL));
    }

    @Override
    public long stateBytesHint()
    {
        return velocity.encodedBytes() + (long)labels * LABEL * Long.BYTES;
    }

    @Override
    public void writeState(final StateWriter out)
    {
        velocity.writeState(out);
        out.putLong(blockedByLabels).putLong(labelsRefused).putInt(labelled.length / LABEL).putInt(labels);
        out.putLongs(labelled, 0, labels * LABEL);
    }

    @Override
    public void countEvictions(final EvictionCounts counts)
    {
        counts.evicted(EvictingTable.VELOCITY, velocity.evictions(), velocity.capacity());
    }

    @Override
    public void readState(final StateReader in)
    {
        velocity.readState(in);
        blockedByLabels = in.getLong();
        labelsRefused = in.getLong();
        in.expect(labelled.length / LABEL, "label capacity");
        labels = in.getCount(labelled.length / LABEL, "labels");
        for (int at = 0; at < labels * LABEL; at += LABEL)
        {
            for (int i = at; i < at + LABEL; i++)
            {
                labelled[i] = in.getLong();
            }
            final FraudConfig config = configs.get(labelled[at]);
            if (config == null)
            {
                throw new StateFormatException("labels of tenant " + labelled[at] + " without its fraud config");
            }
            block(config, labelled[at + 1], labelled[at + 2], labelled[at + 3]);
        }
    }

    /**
     * @return labels refused because the shard held as many as it can.
     */
    public long labelsRefused()
    {
        return labelsRefused;
    }

    /**
     * Drops a tenant's labels, keeping the others in their order.
     */
    private void forgetLabels(final long tenantId)
    {
        int kept = 0;
        for (int i = 0; i < labels; i++)
        {
            if (labelled[i * LABEL] != tenantId)
            {
                System.arraycopy(labelled, i * LABEL, labelled, kept++ * LABEL, LABEL);
            }
        }
        labels = kept;
    }

    private static void block(final FraudConfig config, final long card, final long emailKey, final long deviceKey)
    {
        if (card != 0)
        {
            config.block().addCard(card);
        }
        config.block().addEmailKey(emailKey);
        config.block().addDeviceKey(deviceKey);
    }

    /**
     * Scores a payment of {@code tenantId} at command time {@code now}, then counts it in the
     * velocity store.
     *
     * @return false if the tenant has no fraud config; nothing is scored or counted then.
     */
    public boolean score(final long tenantId, final PaymentView payment, final long now, final FraudResult result)
    {
        final FraudConfig config = configs.get(tenantId);
        if (config == null)
        {
            return false;
        }
        scorer.score(config, payment, now, result);
        scorer.record(payment, now);
        return true;
    }

    /**
     * @return the tenant's fraud config, or null.
     */
    public FraudConfig config(final long tenantId)
    {
        return configs.get(tenantId);
    }
}
