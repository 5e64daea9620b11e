package io.hotpath.core.logic;

import io.hotpath.core.sbe.ApplyConfigDecoder;
import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.ConfigAppliedEncoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.LeaderElectedDecoder;
import io.hotpath.core.sbe.LeaderMarkedEncoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PingDecoder;
import io.hotpath.core.sbe.PingResultEncoder;
import io.hotpath.core.sbe.RecoveredDecoder;
import io.hotpath.core.sbe.RecoveryMarkedEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.SnapshotTakenEncoder;
import io.hotpath.core.sbe.TakeSnapshotDecoder;
import io.hotpath.core.sbe.TickDecoder;
import io.hotpath.core.sbe.TickedEncoder;
import io.hotpath.core.state.StateFormatException;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.util.function.LongFunction;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine's own commands: {@code Ping}, and the control commands {@code ApplyConfig},
 * {@code TakeSnapshot}, {@code Tick} and {@code Recovered}, which reach the logic through the ring like any other
 * command so that a replay applies them at the same point.
 *
 * <p>Commands of other templates go to the {@link DomainLogic} that claims them, and
 * {@code ApplyConfig} of a domain goes to that domain, which validates the config before the
 * version is recorded. A tenant's versions must rise; the config in force sent again (the same
 * version and the same bytes) is answered as applied and changes nothing.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing per command, except on
 * the control commands: a domain parsing a config, and {@code TakeSnapshot}, whose scratch buffer may grow.
 */
public final class EngineLogic implements ShardLogic
{
    /**
     * Snapshot state format: header, tenant configs, then each domain's section. 3: the same layout as 2, with the state
     * hash of {@link io.hotpath.core.state.StateHashing}; a snapshot of format 2 is passed over (its hash would not match).
     */
    private static final int SNAPSHOT_FORMAT = 3;

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
    private final RecoveredDecoder recoveredDecoder = new RecoveredDecoder();
    private final RecoveryMarkedEncoder recoveryMarkedEncoder = new RecoveryMarkedEncoder();
    private final LeaderElectedDecoder leaderElectedDecoder = new LeaderElectedDecoder();
    private final LeaderMarkedEncoder leaderMarkedEncoder = new LeaderMarkedEncoder();
    private final ResultWriter resultWriter = new ResultWriter();
    private final UnsafeBuffer configView = new UnsafeBuffer(0, 0);
    private final StateWriter snapshot = new StateWriter(1 << 16);
    private final StateReader restoring = new StateReader();
    private final Fnv1a64 hasher = new Fnv1a64();
    private final DomainHash domainHash;
    private final TenantConfigs tenantConfigs;
    private final IdempotencyCache idempotent;
    private final CommandMetaDecoder metaDecoder = new CommandMetaDecoder();
    private final SnapshotSink snapshotSink;
    private final LongFunction<byte[]> spareArrays;
    private long lastStateBytes;
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
        this(maxTenants, IdempotencyLimits.DEFAULTS, snapshotSink, domains);
    }

    /**
     * @param maxTenants   tenants a shard holds config for, per domain; more is a counted refusal.
     * @param idempotency  how long and how much the shard remembers of commands sent with an idempotency key.
     * @param snapshotSink where {@code TakeSnapshot} writes the state.
     * @param domains      the domains' logic, each owning its commands and its config domain.
     */
    public EngineLogic(
        final int maxTenants, final IdempotencyLimits idempotency, final SnapshotSink snapshotSink, final DomainLogic... domains)
    {
        this.tenantConfigs = new TenantConfigs(maxTenants);
        this.idempotent = new IdempotencyCache(idempotency);
        this.snapshotSink = snapshotSink;
        this.spareArrays = snapshotSink::spareArray;
        this.domains = domains.clone();
        this.domainHash = new DomainHash(this.domains);
        for (final DomainLogic domain : domains)
        {
            for (final int templateId : domain.templateIds())
            {
                if (templateId <= LeaderElectedDecoder.TEMPLATE_ID || templateId > MAX_TEMPLATE_ID || byTemplateId[templateId] != null)
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
        final long idempotencyKey = metaDecoder.wrap(command, MessageHeaderDecoder.ENCODED_LENGTH).idempotencyKey();
        if (idempotencyKey == 0)
        {
            return dispatch(templateId, command, length, engineSequence, result);
        }
        // A retry of a keyed command gets the first result, as it was, and changes nothing.
        final long key = IdempotencyCache.key(metaDecoder.tenantId(), idempotencyKey);
        final long now = metaDecoder.ingressTime();
        final int remembered = idempotent.find(key, now, result);
        if (remembered >= 0)
        {
            return remembered;
        }
        final int resultLength = dispatch(templateId, command, length, engineSequence, result);
        idempotent.put(key, now, result, resultLength);
        return resultLength;
    }

    /**
     * @return retries of keyed commands answered with the first result.
     */
    public long idempotentRetries()
    {
        return idempotent.hits();
    }

    private int dispatch(
        final int templateId, final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
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
            case RecoveredDecoder.TEMPLATE_ID:
                return recovered(command, length, engineSequence, result);
            case LeaderElectedDecoder.TEMPLATE_ID:
                return leaderElected(command, length, engineSequence, result);
            default:
                return resultWriter.failed(command, length, engineSequence, ResultCode.UNKNOWN_COMMAND, "unknown command", result);
        }
    }

    @Override
    public void countEvictions(final EvictionCounts counts)
    {
        for (final DomainLogic domain : domains)
        {
            domain.countEvictions(counts);
        }
    }

    @Override
    public long stateHash(final long engineSequence)
    {
        hashBeforeDomains(engineSequence);
        for (final DomainLogic domain : domains)
        {
            domain.hashState(hasher);
        }
        return hasher.hash();
    }

    /**
     * Starts the state hash: the sequence, the tenants' configs and the idempotency cache, small beside the domains.
     */
    private void hashBeforeDomains(final long engineSequence)
    {
        hasher.reset().add(engineSequence);
        tenantConfigs.hashInto(hasher);
        idempotent.hashInto(hasher);
    }

    /**
     * Encodes the state into {@link #snapshot} and returns its hash, the same as {@link #stateHash}: the domains are hashed
     * on a thread the sink lends, if it lends one that begins in time, while this one encodes them (see {@link DomainHash}).
     */
    private long encodeAndHash(final long engineSequence)
    {
        hashBeforeDomains(engineSequence);
        domainHash.queue(hasher);
        snapshotSink.runAside(domainHash);
        writeState(engineSequence);
        domainHash.finish();
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
        final String origin = decoder.origin();
        final long current = tenantConfigs.version(domain, tenantId);
        if (current != TenantConfigs.MISSING && version == current && configHash == tenantConfigs.hash(domain, tenantId))
        {
            // The config in force, sent again (a client retrying after a lost reply, a restart applying its files): in force
            // it stays, untouched, and the answer is the one the first apply got.
            return configApplied(command, length, engineSequence, domain, version, configHash, result);
        }
        if (current != TenantConfigs.MISSING && version == current)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, "version: " + current
                + " is in force; a new config needs a higher version, was " + version + " with other content", result);
        }
        if (current != TenantConfigs.MISSING && version < current)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                "version: must be higher than " + current + ", the version in force, was " + version, result);
        }
        if (!tenantConfigs.hasRoomFor(domain, tenantId))
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.LIMIT_EXCEEDED, "tenants", result);
        }
        final DomainLogic owner = byConfigDomain[domain.ordinal()];
        if (owner != null)
        {
            final String error = owner.applyConfig(tenantId, version, configView, 0, configView.capacity(), origin);
            if (error != null)
            {
                return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, error, result);
            }
        }
        final byte[] document = new byte[configView.capacity()];
        configView.getBytes(0, document);
        tenantConfigs.put(domain, tenantId, version, configHash, document, origin);
        return configApplied(command, length, engineSequence, domain, version, configHash, result);
    }

    private int configApplied(
        final DirectBuffer command,
        final int length,
        final long engineSequence,
        final ConfigDomain domain,
        final long version,
        final long configHash,
        final MutableDirectBuffer result)
    {
        configAppliedEncoder.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, configAppliedEncoder.meta());
        configAppliedEncoder.domain(domain).configVersion(version).configHash(configHash);
        return MessageHeaderEncoder.ENCODED_LENGTH + configAppliedEncoder.encodedLength();
    }

    /**
     * Replaces the whole state with a snapshot's: the configs are applied again from their
     * documents, then each domain reads its section.
     *
     * @return the engine sequence the snapshot was taken at; the caller checks the state hash.
     * @throws StateFormatException if the state cannot be read back.
     */
    @Override
    public long restore(final DirectBuffer state, final int offset, final int length)
    {
        final StateReader in = restoring.wrap(state, offset, length);
        in.expect(SNAPSHOT_FORMAT, "snapshot format");
        final long engineSequence = in.getLong();
        idempotent.readState(in);
        tenantConfigs.readState(in, (domain, tenantId, version, config, origin) ->
        {
            final DomainLogic owner = byConfigDomain[domain.ordinal()];
            final String error = owner == null ? null
                : owner.applyConfig(tenantId, version, new UnsafeBuffer(config), 0, config.length, origin);
            if (error != null)
            {
                throw new StateFormatException("config of tenant " + tenantId + " does not apply again: " + error);
            }
        });
        for (int d = 0; d < domains.length; d++)
        {
            in.expect(d, "domain section");
            final int sectionLength = in.getInt();
            final int before = in.remaining();
            domains[d].readState(in);
            if (before - in.remaining() != sectionLength)
            {
                throw new StateFormatException("domain " + d + " read " + (before - in.remaining()) + " of " + sectionLength + " bytes");
            }
        }
        if (in.remaining() != 0)
        {
            throw new StateFormatException(in.remaining() + " bytes after the last domain");
        }
        return engineSequence;
    }

    private boolean store(final long snapshotId, final long engineSequence, final long stateHash, final boolean encoded)
    {
        if (encoded && snapshotSink.takesArrays())
        {
            // The array goes to the sink's thread as it is: a copy of tens of megabytes here held every command behind it.
            final int length = snapshot.position();
            return snapshotSink.take(snapshotId, engineSequence, stateHash, snapshot.handOver(), length);
        }
        return snapshotSink.write(snapshotId, engineSequence, stateHash, snapshot.buffer(), 0, encoded ? snapshot.position() : 0);
    }

    /**
     * @return the bytes the next snapshot's array needs: what the last one wrote, or before the first what the cache and
     *         the domains expect to write, and a quarter more.
     */
    private long snapshotRoom()
    {
        long expected = lastStateBytes;
        if (expected == 0)
        {
            expected = idempotent.encodedBytes();
            for (final DomainLogic domain : domains)
            {
                expected += domain.stateBytesHint();
            }
        }
        return StateWriter.roomAfter(expected);
    }

    private void writeState(final long engineSequence)
    {
        // Room for what the state is expected to take, in one step: a buffer grown as tens of megabytes are written into it
        // copies what it holds, into a new array zeroed on this thread, at every step. The array handed to the sink for an
        // earlier snapshot, once stored, or one the sink made ready since the last tick, rather than a new one zeroed here.
        snapshot.restart(snapshotRoom(), spareArrays).putInt(SNAPSHOT_FORMAT).putLong(engineSequence);
        idempotent.writeState(snapshot);
        tenantConfigs.writeState(snapshot);
        for (int d = 0; d < domains.length; d++)
        {
            snapshot.putInt(d);
            final int lengthAt = snapshot.position();
            snapshot.putInt(0);
            domains[d].writeState(snapshot);
            snapshot.putIntAt(lengthAt, snapshot.position() - lengthAt - Integer.BYTES);
        }
        lastStateBytes = snapshot.position();
    }

    private int recovered(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        final int ended = endSessions(recoveredDecoder.wrapAndApplyHeader(command, 0, headerDecoder).meta().ingressTime(), engineSequence);
        recoveryMarkedEncoder.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, recoveryMarkedEncoder.meta());
        recoveryMarkedEncoder.ended(ended);
        return MessageHeaderEncoder.ENCODED_LENGTH + recoveryMarkedEncoder.encodedLength();
    }

    /**
     * A new leader of a replicated shard: like a recovery, what the leader before served (its price streams) ends here,
     * at a journaled point every follower applies too.
     */
    private int leaderElected(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        final LeaderElectedDecoder decoder = leaderElectedDecoder.wrapAndApplyHeader(command, 0, headerDecoder);
        final long epoch = decoder.epoch();
        final int ended = endSessions(decoder.meta().ingressTime(), engineSequence);
        leaderMarkedEncoder.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, leaderMarkedEncoder.meta());
        leaderMarkedEncoder.epoch(epoch).ended(ended);
        return MessageHeaderEncoder.ENCODED_LENGTH + leaderMarkedEncoder.encodedLength();
    }

    private int endSessions(final long now, final long engineSequence)
    {
        int ended = 0;
        for (final DomainLogic domain : domains)
        {
            ended += domain.onRecovered(now, engineSequence);
        }
        return ended;
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
        expectSnapshot();
        return MessageHeaderEncoder.ENCODED_LENGTH + tickedEncoder.encodedLength();
    }

    /**
     * Tells a sink that takes the arrays snapshots are encoded into how large the next one will be, so that it can make
     * one ready on its own thread: otherwise the first snapshot after a start allocates it here, tens of megabytes zeroed,
     * and the collections that starts, while every command behind the snapshot waits. Not part of any result.
     */
    private void expectSnapshot()
    {
        if (snapshotSink.takesArrays() && snapshotSink.wantsState())
        {
            snapshotSink.expect(snapshotRoom());
        }
    }

    private int takeSnapshot(
        final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        final long snapshotId = takeSnapshotDecoder.wrapAndApplyHeader(command, 0, headerDecoder).snapshotId();
        // Measured for the operators only (the sink reports it): the result does not depend on it, so replays still match.
        final long started = System.nanoTime();
        // A replicated leader leaves the encoding to its followers: it only hashes, so they can check theirs.
        final boolean encode = snapshotSink.wantsState();
        final long stateHash = encode ? encodeAndHash(engineSequence) : stateHash(engineSequence);
        if (!store(snapshotId, engineSequence, stateHash, encode))
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INTERNAL_ERROR, "snapshot not stored", result);
        }
        snapshotSink.held(engineSequence, System.nanoTime() - started);

        snapshotTakenEncoder.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, snapshotTakenEncoder.meta());
        snapshotTakenEncoder.snapshotId(snapshotId).stateHash(stateHash);
        return MessageHeaderEncoder.ENCODED_LENGTH + snapshotTakenEncoder.encodedLength();
    }
}
