package io.hotpath.core.logic;

import io.hotpath.core.sbe.ApplyConfigDecoder;
import io.hotpath.core.sbe.ConfigAppliedEncoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PingDecoder;
import io.hotpath.core.sbe.PingResultEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.SnapshotTakenEncoder;
import io.hotpath.core.sbe.TakeSnapshotDecoder;
import io.hotpath.core.sbe.TickDecoder;
import io.hotpath.core.sbe.TickedEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine's own commands: {@code Ping}, and the control commands {@code ApplyConfig},
 * {@code TakeSnapshot} and {@code Tick}, which reach the logic through the ring like any other
 * command so that a replay applies them at the same point.
 *
 * <p>Commands of other templates go to the {@link DomainLogic} that claims them, and
 * {@code ApplyConfig} of a domain goes to that domain, which validates the config before the
 * version is recorded.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing per command, except on
 * the control commands: a domain parsing a config, and {@code TakeSnapshot}, whose scratch buffer may grow.
 */
public final class EngineLogic implements ShardLogic
{
    private static final int SNAPSHOT_FORMAT = 1;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PingDecoder pingDecoder = new PingDecoder();
    private final ApplyConfigDecoder applyConfigDecoder = new ApplyConfigDecoder();
    private final TakeSnapshotDecoder takeSnapshotDecoder = new TakeSnapshotDecoder();
    private final PingResultEncoder pingResultEncoder = new PingResultEncoder();
    private final ConfigAppliedEncoder configAppliedEncoder = new ConfigAppliedEncoder();
    private final SnapshotTakenEncoder snapshotTakenEncoder = new SnapshotTakenEncoder();
    private final TickDecoder tickDecoder = new TickDecoder();
    private final TickedEncoder tickedEncoder = new TickedEncoder();
    private final Fnv1a64 tickChanges = new Fnv1a64();
    private final ResultWriter resultWriter = new ResultWriter();
    private final UnsafeBuffer configView = new UnsafeBuffer(0, 0);
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(4096);
    private final Fnv1a64 hasher = new Fnv1a64();
    private final TenantConfigs tenantConfigs;
    private final SnapshotSink snapshotSink;
    private final DomainLogic[] domains;
    private final DomainLogic[] byTemplateId = new DomainLogic[MAX_TEMPLATE_ID + 1];
    private final DomainLogic[] byConfigDomain = new DomainLogic[ConfigDomain.values().length];

    private static final int MAX_TEMPLATE_ID = 255;

    /**
     * @param maxTenants   tenants a shard holds config for, per domain; more is a counted refusal.
     * @param snapshotSink where {@code TakeSnapshot} writes the state.
     * @param domains      the domains' logic, each owning its commands and its config domain.
     */
    public EngineLogic(final int maxTenants, final SnapshotSink snapshotSink, final DomainLogic... domains)
    {
        this.tenantConfigs = new TenantConfigs(maxTenants);
        this.snapshotSink = snapshotSink;
        this.domains = domains.clone();
        for (final DomainLogic domain : domains)
        {
            for (final int templateId : domain.templateIds())
            {
                if (templateId <= TickDecoder.TEMPLATE_ID || templateId > MAX_TEMPLATE_ID || byTemplateId[templateId] != null)
                {
                    throw new IllegalArgumentException("template id " + templateId + " cannot be claimed by " + domain);
                }
                byTemplateId[templateId] = domain;
            }
            final ConfigDomain configDomain = domain.configDomain();
            if (configDomain == null)
            {
                continue;
            }
            if (byConfigDomain[configDomain.ordinal()] != null)
            {
                throw new IllegalArgumentException("config domain " + configDomain + " claimed twice");
            }
            byConfigDomain[configDomain.ordinal()] = domain;
        }
    }

    @Override
    public int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        if (length < ResultWriter.MIN_COMMAND_LENGTH)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, "truncated command", result);
        }
        headerDecoder.wrap(command, 0);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, "unknown schema", result);
        }
        final int templateId = headerDecoder.templateId();
        if (templateId <= MAX_TEMPLATE_ID && byTemplateId[templateId] != null)
        {
            return byTemplateId[templateId].apply(command, length, engineSequence, result);
        }
        switch (templateId)
        {
            case PingDecoder.TEMPLATE_ID:
                return ping(command, length, engineSequence, result);
            case ApplyConfigDecoder.TEMPLATE_ID:
                return applyConfig(command, length, engineSequence, result);
            case TakeSnapshotDecoder.TEMPLATE_ID:
                return takeSnapshot(command, length, engineSequence, result);
            case TickDecoder.TEMPLATE_ID:
                return tick(command, length, engineSequence, result);
            default:
                return resultWriter.failed(command, length, engineSequence, ResultCode.UNKNOWN_COMMAND, "unknown command", result);
        }
    }

    @Override
    public long stateHash(final long engineSequence)
    {
        hasher.reset().add(engineSequence);
        tenantConfigs.hashInto(hasher);
        for (final DomainLogic domain : domains)
        {
            domain.hashState(hasher);
        }
        return hasher.hash();
    }

    private int ping(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        pingDecoder.wrapAndApplyHeader(command, 0, headerDecoder);
        pingResultEncoder.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, pingResultEncoder.meta());
        return MessageHeaderEncoder.ENCODED_LENGTH + pingResultEncoder.encodedLength();
    }

    private int applyConfig(
        final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        final ApplyConfigDecoder decoder = applyConfigDecoder.wrapAndApplyHeader(command, 0, headerDecoder);
        final ConfigDomain domain = decoder.domain();
        final long tenantId = decoder.meta().tenantId();
        final long version = decoder.configVersion();
        if (domain == ConfigDomain.NULL_VAL || domain == ConfigDomain.ENGINE)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, "domain", result);
        }
        decoder.wrapConfig(configView);
        final long configHash = hasher.reset().add(configView, 0, configView.capacity()).hash();
        final long current = tenantConfigs.version(domain, tenantId);
        if (current != TenantConfigs.MISSING && version <= current)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, "configVersion", result);
        }
        if (!tenantConfigs.hasRoomFor(domain, tenantId))
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.LIMIT_EXCEEDED, "tenants", result);
        }
        final DomainLogic owner = byConfigDomain[domain.ordinal()];
        if (owner != null)
        {
            final String origin = decoder.origin();
            final String error = owner.applyConfig(tenantId, version, configView, 0, configView.capacity(), origin);
            if (error != null)
            {
                return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, error, result);
            }
        }
        tenantConfigs.put(domain, tenantId, version, configHash);

        configAppliedEncoder.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, configAppliedEncoder.meta());
        configAppliedEncoder.domain(domain).configVersion(version).configHash(configHash);
        return MessageHeaderEncoder.ENCODED_LENGTH + configAppliedEncoder.encodedLength();
    }

    private int tick(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        final long now = tickDecoder.wrapAndApplyHeader(command, 0, headerDecoder).meta().ingressTime();
        tickChanges.reset();
        int changes = 0;
        for (final DomainLogic domain : domains)
        {
            changes += domain.onTick(now, engineSequence, tickChanges);
        }
        tickedEncoder.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, tickedEncoder.meta());
        tickedEncoder.changes(changes).changeHash(tickChanges.hash());
        return MessageHeaderEncoder.ENCODED_LENGTH + tickedEncoder.encodedLength();
    }

    private int takeSnapshot(
        final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        final long snapshotId = takeSnapshotDecoder.wrapAndApplyHeader(command, 0, headerDecoder).snapshotId();
        final long stateHash = stateHash(engineSequence);

        snapshotBuffer.putInt(0, SNAPSHOT_FORMAT);
        snapshotBuffer.putLong(Integer.BYTES, engineSequence);
        final int stateLength = tenantConfigs.encode(snapshotBuffer, Integer.BYTES + Long.BYTES);
        if (!snapshotSink.write(snapshotId, engineSequence, stateHash, snapshotBuffer, 0, stateLength))
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INTERNAL_ERROR, "snapshot not stored", result);
        }

        snapshotTakenEncoder.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, snapshotTakenEncoder.meta());
        snapshotTakenEncoder.snapshotId(snapshotId).stateHash(stateHash);
        return MessageHeaderEncoder.ENCODED_LENGTH + snapshotTakenEncoder.encodedLength();
    }
}
