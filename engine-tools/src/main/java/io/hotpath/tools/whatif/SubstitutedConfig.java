package io.hotpath.tools.whatif;

import io.hotpath.core.logic.DomainLogic;
import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One domain's logic as the engine logic sees it in a what-if replay: every config of one tenant
 * that reaches it (an {@code ApplyConfig} command, or a snapshot's configs applied again) is replaced
 * by the document under test, at the version the journal gave. Commands and state go to the domain
 * as they are.
 *
 * <p>Not thread-safe; owned by the replaying thread, as the domain is.
 */
final class SubstitutedConfig implements DomainLogic
{
    private final DomainLogic domain;
    private final long tenantId;
    private final UnsafeBuffer document;
    private final String origin;
    private long substitutions;
    private boolean inForce;

    /**
     * @param domain   the domain whose config is replaced.
     * @param tenantId the tenant whose config is replaced.
     * @param document the config under test.
     * @param origin   its file name, for errors.
     */
    SubstitutedConfig(final DomainLogic domain, final long tenantId, final byte[] document, final String origin)
    {
        this.domain = domain;
        this.tenantId = tenantId;
        this.document = new UnsafeBuffer(document);
        this.origin = origin;
    }

    /**
     * Puts the config under test in force now, at {@code version}, unless a config of the tenant
     * reached the domain already (from a snapshot): a replay from the journal's start has it in
     * force before the tenant's first command.
     *
     * @return null when in force; otherwise why the document is not a valid config.
     */
    String putInForce(final long version)
    {
        if (inForce)
        {
            return null;
        }
        final String invalid = domain.applyConfig(tenantId, version, document, 0, document.capacity(), origin);
        inForce = invalid == null;
        return invalid;
    }

    /**
     * @return configs of the tenant replaced so far: the journal's and a snapshot's, not {@link #putInForce}.
     */
    long substitutions()
    {
        return substitutions;
    }

    @Override
    public String applyConfig(final long tenant, final long version, final DirectBuffer config, final int offset, final int length,
        final String configOrigin)
    {
        if (tenant != tenantId)
        {
            return domain.applyConfig(tenant, version, config, offset, length, configOrigin);
        }
        substitutions++;
        final String invalid = domain.applyConfig(tenant, version, document, 0, document.capacity(), origin);
        inForce |= invalid == null;
        return invalid;
    }

    @Override
    public ConfigDomain configDomain()
    {
        return domain.configDomain();
    }

    @Override
    public int[] templateIds()
    {
        return domain.templateIds();
    }

    @Override
    public int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        return domain.apply(command, length, engineSequence, result);
    }

    @Override
    public void hashState(final Fnv1a64 hasher)
    {
        domain.hashState(hasher);
    }

    @Override
    public long stateBytesHint()
    {
        return domain.stateBytesHint();
    }

    @Override
    public void writeState(final StateWriter out)
    {
        domain.writeState(out);
    }

    @Override
    public void readState(final StateReader in)
    {
        domain.readState(in);
    }

    @Override
    public int onTick(final long now, final long engineSequence, final Fnv1a64 changes)
    {
        return domain.onTick(now, engineSequence, changes);
    }

    @Override
    public int onRecovered(final long now, final long engineSequence)
    {
        return domain.onRecovered(now, engineSequence);
    }

    @Override
    public String toString()
    {
        return domain + " with tenant " + tenantId + "'s config from " + origin;
    }
}
