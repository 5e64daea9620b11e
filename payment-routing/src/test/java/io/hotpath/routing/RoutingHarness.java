package io.hotpath.routing;

import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.BreakerState;
import io.hotpath.core.sbe.CascadeAction;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.Exclusion;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.sbe.OutcomeRecordedDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.core.sbe.RouteStrategy;
import io.hotpath.core.shard.CommandSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Routing fed one command at a time on the test thread, through the same decision stage the ring
 * runs: no threads, no ring, no sockets.
 */
final class RoutingHarness
{
    static final long TENANT = 42;
    static final long SECOND = 1_000_000_000L;

    final RoutingLogic routing = new RoutingLogic(new RoutingLimits(1024, 256, 1024));
    final DecisionStage stage = new DecisionStage(
        new EngineLogic(16, (id, sequence, hash, state, offset, length) -> true, routing),
        (sequence, failure) -> failure.printStackTrace());
    final UnsafeBuffer command = new UnsafeBuffer(new byte[8192]);
    final ExpandableArrayBuffer result = new ExpandableArrayBuffer(4096);
    final MessageHeaderDecoder header = new MessageHeaderDecoder();
    final RouteCommand route = new RouteCommand();
    final OutcomeCommand outcome = new OutcomeCommand();
    long version;

    record Candidate(String processor, long score, int successRatePpm, long fee, long expectedValue, long meanLatencyMicros)
    {
    }

    record Excluded(String processor, Exclusion reason)
    {
    }

    record Decision(ResultCode code, RouteStrategy strategy, String rule, boolean explored, List<Candidate> candidates,
        List<Excluded> excluded, String failure)
    {
        List<String> order()
        {
            return candidates.stream().map(Candidate::processor).toList();
        }
    }

    record Next(CascadeAction action, String processor, BreakerState breaker, String failure)
    {
    }

    /**
     * @return null when applied, or the error.
     */
    String applyConfig(final long tenant, final String text)
    {
        final CommandSource source = new ControlCommand.ApplyConfig(
            tenant, ConfigDomain.ROUTING, ++version, text.getBytes(StandardCharsets.UTF_8), "routing-test.conf").source(version, 0);
        decide(source);
        if (header.templateId() == CommandFailedDecoder.TEMPLATE_ID)
        {
            return new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header).reason();
        }
        return null;
    }

    /**
     * A visa credit EUR payment of 100.00 from DE, then whatever {@code customise} changes.
     */
    Decision route(final long paymentId, final long time, final Consumer<RouteCommand> customise)
    {
        route.tenantId = TENANT;
        route.correlationId = paymentId;
        route.ingressTime = time;
        route.paymentId = paymentId;
        route.amount = 10_000;
        route.currency = CurrencyCodes.parse("EUR");
        route.network = io.hotpath.core.sbe.CardNetwork.VISA;
        route.cardType = io.hotpath.core.sbe.CardType.CREDIT;
        route.bin = 424242;
        route.binLength = 6;
        route.issuerCountry = CountryCodes.parse("DE");
        route.customerCountry = CountryCodes.parse("DE");
        route.mcc = 5411;
        route.channel = io.hotpath.core.sbe.Channel.ECOMMERCE;
        route.threeDs = io.hotpath.core.sbe.ThreeDsStatus.NOT_ATTEMPTED;
        route.clearMetadata();
        customise.accept(route);
        decide(route);
        return decision();
    }

    Decision route(final long paymentId, final long time)
    {
        return route(paymentId, time, r -> { });
    }

    Next outcome(final long paymentId, final String processor, final Outcome result, final String code, final long time)
    {
        outcome.tenantId = TENANT;
        outcome.correlationId = paymentId;
        outcome.ingressTime = time;
        outcome.paymentId = paymentId;
        outcome.processorKey = TextKeys.of(processor);
        outcome.outcome = result;
        outcome.responseCodeKey = TextKeys.of(code);
        outcome.latencyMicros = 250;
        decide(outcome);
        if (header.templateId() == CommandFailedDecoder.TEMPLATE_ID)
        {
            return new Next(null, null, null, new CommandFailedDecoder().wrapAndApplyHeader(this.result, 0, header).reason());
        }
        final OutcomeRecordedDecoder recorded = new OutcomeRecordedDecoder().wrapAndApplyHeader(this.result, 0, header);
        final CascadeAction action = recorded.action();
        final BreakerState breaker = recorded.breakerState();
        return new Next(action, recorded.nextProcessor(), breaker, null);
    }

    void decide(final CommandSource source)
    {
        final int length = source.encodeCommand(command);
        stage.decide(command, length, result);
        header.wrap(result, 0);
    }

    private Decision decision()
    {
        if (header.templateId() == CommandFailedDecoder.TEMPLATE_ID)
        {
            final CommandFailedDecoder failed = new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header);
            return new Decision(failed.meta().code(), null, null, false, List.of(), List.of(), failed.reason());
        }
        final RouteDecisionDecoder decoder = new RouteDecisionDecoder().wrapAndApplyHeader(result, 0, header);
        final ResultCode code = decoder.meta().code();
        final RouteStrategy strategy = decoder.strategy();
        final boolean explored = decoder.explored() == 1;
        final List<Candidate> candidates = new ArrayList<>();
        for (final RouteDecisionDecoder.CandidatesDecoder c : decoder.candidates())
        {
            final long score = c.score();
            final int rate = c.successRatePpm();
            final long fee = c.fee();
            final long value = c.expectedValue();
            final long latency = c.meanLatencyMicros();
            candidates.add(new Candidate(c.processor(), score, rate, fee, value, latency));
        }
        final List<Excluded> excluded = new ArrayList<>();
        for (final RouteDecisionDecoder.ExcludedDecoder e : decoder.excluded())
        {
            final Exclusion reason = e.reason();
            excluded.add(new Excluded(e.processor(), reason));
        }
        return new Decision(code, strategy, decoder.rule(), explored, candidates, excluded, null);
    }
}
