package io.hotpath.fraud;

import io.hotpath.core.logic.DomainLogic;
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
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import io.hotpath.fraud.velocity.VelocityStore;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

/**
 * Fraud scoring for one shard: the tenants' fraud configs (the {@code FRAUD} config domain),
 * fraud labels, and scoring for whoever composes the payment decision.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Scoring and labels allocate nothing;
 * applying a config does.
 */
public final class FraudLogic implements DomainLogic
{
    private final Long2ObjectHashMap<FraudConfig> configs = new Long2ObjectHashMap<>();
    /** Per tenant, what labels added to its block list since its config: (card, email, device) triples. */
    private final Long2ObjectHashMap<LongArrayList> labelled = new Long2ObjectHashMap<>();
    private final VelocityStore velocity;
    private final FraudScorer scorer;
    private final long[] hashScratch;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ReportFraudLabelDecoder label = new ReportFraudLabelDecoder();
    private final FraudLabelRecordedEncoder recorded = new FraudLabelRecordedEncoder();
    private final ResultWriter resultWriter = new ResultWriter();
    private long blockedByLabels;

    /**
     * @param velocityKeys keys the velocity store holds.
     */
    public FraudLogic(final int velocityKeys)
    {
        velocity = new VelocityStore(velocityKeys);
        scorer = new FraudScorer(velocity);
        hashScratch = new long[velocityKeys];
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
            block(config, label.cardFingerprint(), label.emailKey(), label.deviceKey());
            final LongArrayList added = labelled.computeIfAbsent(label.meta().tenantId(), tenant -> new LongArrayList());
            added.addLong(label.cardFingerprint());
            added.addLong(label.emailKey());
            added.addLong(label.deviceKey());
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
            labelled.remove(tenantId);
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
        velocity.hashInto(hasher, hashScratch);
        hasher.add(blockedByLabels);
    }

    @Override
    public void writeState(final StateWriter out)
    {
        velocity.writeState(out);
        out.putLong(blockedByLabels);
        final long[] tenants = new long[labelled.size()];
        int n = 0;
        final Long2ObjectHashMap<LongArrayList>.KeyIterator keys = labelled.keySet().iterator();
        while (keys.hasNext())
        {
            tenants[n++] = keys.nextLong();
        }
        Arrays.sort(tenants);
        out.putInt(tenants.length);
        for (final long tenantId : tenants)
        {
            final LongArrayList added = labelled.get(tenantId);
            out.putLong(tenantId).putInt(added.size());
            for (int i = 0; i < added.size(); i++)
            {
                out.putLong(added.getLong(i));
            }
        }
    }

    @Override
    public void readState(final StateReader in)
    {
        velocity.readState(in);
        blockedByLabels = in.getLong();
        labelled.clear();
        final int tenants = in.getCount(Integer.MAX_VALUE, "labelled tenants");
        for (int t = 0; t < tenants; t++)
        {
            final long tenantId = in.getLong();
            final int count = in.getCount(Integer.MAX_VALUE, "labelled keys");
            final FraudConfig config = configs.get(tenantId);
            if (config == null || count % 3 != 0)
            {
                throw new StateFormatException("labels of tenant " + tenantId + " without its fraud config");
            }
            final LongArrayList added = new LongArrayList(count, Long.MIN_VALUE);
            for (int i = 0; i < count; i++)
            {
                added.addLong(in.getLong());
            }
            for (int i = 0; i < count; i += 3)
            {
                block(config, added.getLong(i), added.getLong(i + 1), added.getLong(i + 2));
            }
            labelled.put(tenantId, added);
        }
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
