package io.hotpath.routing;

import io.hotpath.core.config.ConfigProblem;
import io.hotpath.core.logic.DomainLogic;
import io.hotpath.core.logic.EvictingTable;
import io.hotpath.core.logic.EvictionCounts;
import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ReportOutcomeDecoder;
import io.hotpath.core.sbe.RouteDecoder;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import io.hotpath.routing.config.RoutingConfigParser;
import io.hotpath.routing.config.RoutingTable;
import io.hotpath.routing.rule.RouteView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Payment routing for one shard: {@code Route} decisions, {@code ReportOutcome} feedback
 * and the tenants' routing configs, which arrive as {@code ApplyConfig} commands of the
 * {@code ROUTING} domain and are swapped in whole.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. The decision and outcome paths allocate
 * nothing; applying a config does.
 */
public final class RoutingLogic implements DomainLogic
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RoutingState state;
    private final Router router;
    private final OutcomeRecorder outcomes;

    public RoutingLogic(final RoutingLimits limits)
    {
        state = new RoutingState(limits);
        router = new Router(state);
        outcomes = new OutcomeRecorder(state);
    }

    @Override
    public ConfigDomain configDomain()
    {
        return ConfigDomain.ROUTING;
    }

    @Override
    public int[] templateIds()
    {
        return new int[] {RouteDecoder.TEMPLATE_ID, ReportOutcomeDecoder.TEMPLATE_ID};
    }

    @Override
    public int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        if (header.wrap(command, 0).templateId() == RouteDecoder.TEMPLATE_ID)
        {
            return router.route(command, length, engineSequence, result);
        }
        return outcomes.record(command, length, engineSequence, result);
    }

    @Override
    public String applyConfig(
        final long tenantId, final long version, final DirectBuffer config, final int offset, final int length, final String origin)
    {
        try
        {
            final RoutingTable table = RoutingConfigParser.parse(config.getStringWithoutLengthUtf8(offset, length), origin, version);
            state.tables.put(tenantId, table);
            return null;
        }
        catch (final ConfigProblem ex)
        {
            return ex.getMessage();
        }
    }

    @Override
    public void hashState(final Fnv1a64 hasher)
    {
        state.windows.hashInto(hasher);
        state.breakers.hashInto(hasher);
        state.cascades.hashInto(hasher);
    }

    @Override
    public long stateBytesHint()
    {
        return state.windows.encodedBytes() + state.breakers.encodedBytes() + state.cascades.encodedBytes();
    }

    @Override
    public void writeState(final StateWriter out)
    {
        state.windows.writeState(out);
        state.breakers.writeState(out);
        state.cascades.writeState(out);
    }

    @Override
    public void countEvictions(final EvictionCounts counts)
    {
        counts.evicted(EvictingTable.SUCCESS_WINDOWS, state.windows.evictions(), state.windows.capacity());
        counts.evicted(EvictingTable.CASCADES, state.cascades.evictions(), state.cascades.capacity());
    }

    @Override
    public void readState(final StateReader in)
    {
        state.windows.readState(in);
        state.breakers.readState(in);
        state.cascades.readState(in);
    }

    /**
     * @return the payment view that {@link #route(long, long, long, DirectBuffer, int, long, MutableDirectBuffer)}
     *         reads: a caller composing routing with other logic fills it first.
     */
    public RouteView view()
    {
        return router.view();
    }

    /**
     * Routes the payment in {@link #view()}, as a {@code Route} would, for a caller that
     * composes routing with other logic in one command (the payment decision).
     *
     * @param command the command being applied; the decision echoes its identity.
     * @return the length of the {@code RouteDecision} (or {@code CommandFailed}) written to {@code result}.
     */
    public int route(
        final long tenantId,
        final long paymentId,
        final long now,
        final DirectBuffer command,
        final int length,
        final long engineSequence,
        final MutableDirectBuffer result)
    {
        return router.decide(tenantId, paymentId, now, command, length, engineSequence, result);
    }

    /**
     * @return routing config in force for {@code tenantId}, or null.
     */
    public RoutingTable table(final long tenantId)
    {
        return state.tables.get(tenantId);
    }
}
