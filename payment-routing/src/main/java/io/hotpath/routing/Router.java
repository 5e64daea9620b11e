package io.hotpath.routing;

import io.hotpath.core.logic.ResultWriter;
import io.hotpath.core.sbe.BreakerState;
import io.hotpath.core.sbe.Exclusion;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecisionEncoder;
import io.hotpath.core.sbe.RouteDecoder;
import io.hotpath.core.sbe.RouteStrategy;
import io.hotpath.core.state.Mix;
import io.hotpath.routing.config.Processor;
import io.hotpath.routing.config.RouteSpec;
import io.hotpath.routing.config.RoutingConfigParser;
import io.hotpath.routing.config.RoutingTable;
import io.hotpath.routing.config.Rule;
import io.hotpath.routing.config.SuccessRateSettings;
import io.hotpath.routing.rule.RouteView;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Decides one {@code Route}: the first matching rule (or the default) names candidates and
 * a strategy; candidates the payment or their health rule out are listed with the reason; the rest
 * are ranked, and the ranked list starts the payment's cascade.
 *
 * <pre>
 *   PRIORITY        config order
 *   VOLUME_SPLIT    one weighted draw picks the first; the rest by weight
 *   SUCCESS_RATE    recency-weighted success rate, with an exploration share
 *   LEAST_COST      fee, lowest first
 *   EXPECTED_VALUE  success rate x (amount - fee), highest first
 * </pre>
 *
 * Ties keep config order. Every draw comes from a PRNG seeded from the tenant, payment id and
 * ingress time, so a replay makes the same ones.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing.
 */
final class Router
{
    private static final int MAX = RoutingConfigParser.MAX_CANDIDATES;
    private static final byte[] DEFAULT_RULE = "default".getBytes(StandardCharsets.US_ASCII);
    /** Largest amount routed, in minor units: expected values (amount x rate in ppm) stay inside a long. */
    static final long MAX_AMOUNT = 1_000_000_000_000L;

    private final RoutingState state;
    private final RouteDecoder request = new RouteDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RouteDecisionEncoder decision = new RouteDecisionEncoder();
    private final ResultWriter resultWriter = new ResultWriter();
    private final RouteView view = new RouteView();
    private final CommandRandom random = new CommandRandom();

    private final int[] candidates = new int[MAX];
    private final long[] scores = new long[MAX];
    private final long[] fees = new long[MAX];
    private final int[] rates = new int[MAX];
    private final long[] values = new long[MAX];
    private final long[] latencies = new long[MAX];
    private final int[] excluded = new int[MAX];
    private final Exclusion[] reasons = new Exclusion[MAX];
    private final long[] orderedKeys = new long[MAX];
    private final int[] order = new int[MAX];

    Router(final RoutingState state)
    {
        this.state = state;
    }

    int route(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        request.wrapAndApplyHeader(command, 0, header);
        view.read(request);
        return decide(request.meta().tenantId(), request.paymentId(), request.meta().ingressTime(),
            command, length, engineSequence, result);
    }

    /**
     * @return the view {@link #decide} reads; a caller that composes routing with other logic fills it.
     */
    RouteView view()
    {
        return view;
    }

    /**
     * Decides the payment in {@link #view()} and writes a {@code RouteDecision} into {@code result}.
     *
     * @param command the command being applied, whose identity the result echoes.
     */
    int decide(
        final long tenantId,
        final long paymentId,
        final long now,
        final DirectBuffer command,
        final int length,
        final long engineSequence,
        final MutableDirectBuffer result)
    {
        final RoutingTable table = state.tables.get(tenantId);
        if (table == null)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                "tenant_id: no routing config for this tenant", result);
        }
        final String invalid = invalid(view);
        if (invalid != null)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT, invalid, result);
        }

        final Rule[] rules = table.rules();
        int ruleIndex = -1;
        for (int i = 0; i < rules.length; i++)
        {
            if (rules[i].when().test(view))
            {
                ruleIndex = i;
                break;
            }
        }
        final RouteSpec spec = ruleIndex < 0 ? table.fallback() : rules[ruleIndex].route();
        random.seed(Mix.of(tenantId, paymentId, now));
        final long segment = segment(view, table.successRate());

        int count = 0;
        int excludedCount = 0;
        final int[] specProcessors = spec.processors();
        for (int position = 0; position < specProcessors.length; position++)
        {
            final int index = specProcessors[position];
            final Processor processor = table.processors()[index];
            final Exclusion reason = exclusion(tenantId, processor, table, now);
            if (reason != null)
            {
                excluded[excludedCount] = index;
                reasons[excludedCount++] = reason;
                continue;
            }
            final long fee = processor.fee().fee(view.amount, view.network);
            final int rate = state.windows.ratePpm(RoutingState.windowKey(tenantId, processor.key(), segment), table.successRate(), now);
            candidates[count] = index;
            fees[count] = fee;
            rates[count] = rate;
            latencies[count] = state.windows.lastMeanLatencyMicros();
            values[count] = (view.amount - fee) * rate / 1_000_000;
            scores[count] = score(spec, position, fee, rate, values[count]);
            count++;
        }

        final boolean explored = count > 0 && order(spec, table.successRate(), count);
        for (int i = 0; i < count; i++)
        {
            orderedKeys[i] = table.processors()[candidates[order[i]]].key();
        }
        if (count > 0)
        {
            state.cascades.start(RoutingState.paymentKey(tenantId, paymentId), segment, orderedKeys, count);
        }
        return encode(command, length, engineSequence, result, table, spec, ruleIndex, explored, count, excludedCount, paymentId);
    }

    private static String invalid(final RouteView view)
    {
        if (view.amount <= 0 || view.amount > MAX_AMOUNT)
        {
            return "amount: must be in [1, " + MAX_AMOUNT + "] minor units";
        }
        if (view.binLength < 6 || view.binLength > 8)
        {
            return "card.bin: must be 6 to 8 digits";
        }
        return null;
    }

    private Exclusion exclusion(final long tenantId, final Processor processor, final RoutingTable table, final long now)
    {
        if (!processor.supportsNetwork(view.network))
        {
            return Exclusion.NETWORK_UNSUPPORTED;
        }
        if (!processor.supportsCurrency(view.currency))
        {
            return Exclusion.CURRENCY_UNSUPPORTED;
        }
        if (!processor.supportsCountry(view.customerCountry))
        {
            return Exclusion.COUNTRY_UNSUPPORTED;
        }
        if (!processor.supportsCardType(view.cardType))
        {
            return Exclusion.CARD_TYPE_UNSUPPORTED;
        }
        final BreakerState breaker = state.breakers.state(RoutingState.breakerKey(tenantId, processor.key()), table.health(), now);
        if (breaker == BreakerState.OPEN)
        {
            return Exclusion.CIRCUIT_OPEN;
        }
        if (breaker == BreakerState.HALF_OPEN && random.nextPpm() >= table.health().probeSharePpm())
        {
            return Exclusion.CIRCUIT_HALF_OPEN;
        }
        return null;
    }

    private static long score(final RouteSpec spec, final int position, final long fee, final int rate, final long value)
    {
        switch (spec.strategy())
        {
            case VOLUME_SPLIT:
                return spec.weights()[position];
            case SUCCESS_RATE:
                return rate;
            case LEAST_COST:
                return -fee;
            case EXPECTED_VALUE:
                return value;
            case PRIORITY:
            default:
                return -position;
        }
    }

    /**
     * Ranks the candidates by score, highest first, ties in config order, into {@link #order} (a
     * stable insertion sort of indices: at most 16 elements, no allocation), then applies the
     * strategy's draw.
     *
     * @return true if exploration moved a candidate to the front.
     */
    private boolean order(final RouteSpec spec, final SuccessRateSettings successRate, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int candidate = i;
            int j = i - 1;
            while (j >= 0 && scores[order[j]] < scores[candidate])
            {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = candidate;
        }
        if (count == 1)
        {
            return false;
        }
        if (spec.strategy() == RouteStrategy.VOLUME_SPLIT)
        {
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                total += scores[i];
            }
            long draw = Long.remainderUnsigned(random.nextLong(), total);
            int chosen = 0;
            while (draw >= scores[chosen])
            {
                draw -= scores[chosen++];
            }
            int rank = 0;
            while (order[rank] != chosen)
            {
                rank++;
            }
            moveToFront(rank);
            return false;
        }
        if (spec.strategy() == RouteStrategy.SUCCESS_RATE && random.nextPpm() < successRate.explorationPpm())
        {
            moveToFront(1 + random.nextInt(count - 1));
            return true;
        }
        return false;
    }

    private void moveToFront(final int rank)
    {
        final int candidate = order[rank];
        System.arraycopy(order, 0, order, 1, rank);
        order[0] = candidate;
    }

    /**
     * Sort keys run highest first; priority and cost sort on their negation, so report them back.
     */
    private static long reported(final RouteStrategy strategy, final long sortKey)
    {
        return strategy == RouteStrategy.PRIORITY || strategy == RouteStrategy.LEAST_COST ? -sortKey : sortKey;
    }

    private static long segment(final RouteView view, final SuccessRateSettings settings)
    {
        final int fields = settings.segment();
        return Mix.of(
            (fields & SuccessRateSettings.SEGMENT_NETWORK) != 0 ? view.network : -1,
            ((fields & SuccessRateSettings.SEGMENT_CARD_TYPE) != 0 ? view.cardType : -1L) << 32
                | ((fields & SuccessRateSettings.SEGMENT_CURRENCY) != 0 ? view.currency : 0xFFFF),
            (fields & SuccessRateSettings.SEGMENT_ISSUER_COUNTRY) != 0 ? view.issuerCountry : -1);
    }

    private int encode(
        final DirectBuffer command,
        final int length,
        final long engineSequence,
        final MutableDirectBuffer result,
        final RoutingTable table,
        final RouteSpec spec,
        final int ruleIndex,
        final boolean explored,
        final int count,
        final int excludedCount,
        final long paymentId)
    {
        decision.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence,
            count > 0 ? ResultCode.OK : ResultCode.NO_ELIGIBLE_PROCESSOR, decision.meta());
        decision.paymentId(paymentId)
            .strategy(spec.strategy())
            .ruleIndex((short)ruleIndex)
            .explored((short)(explored ? 1 : 0))
            .configVersion(table.version());
        final RouteDecisionEncoder.CandidatesEncoder candidatesEncoder = decision.candidatesCount(count);
        for (int rank = 0; rank < count; rank++)
        {
            final int i = order[rank];
            final Processor processor = table.processors()[candidates[i]];
            candidatesEncoder.next()
                .processorKey(processor.key())
                .score(reported(spec.strategy(), scores[i]))
                .successRatePpm(rates[i])
                .fee(fees[i])
                .expectedValue(values[i])
                .meanLatencyMicros(latencies[i])
                .putProcessor(processor.idAscii(), 0, processor.idAscii().length);
        }
        final RouteDecisionEncoder.ExcludedEncoder excludedEncoder = decision.excludedCount(excludedCount);
        for (int i = 0; i < excludedCount; i++)
        {
            final Processor processor = table.processors()[excluded[i]];
            excludedEncoder.next()
                .processorKey(processor.key())
                .reason(reasons[i])
                .putProcessor(processor.idAscii(), 0, processor.idAscii().length);
        }
        final byte[] rule = ruleIndex < 0 ? DEFAULT_RULE : table.rules()[ruleIndex].nameBytes();
        decision.putRule(rule, 0, rule.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + decision.encodedLength();
    }
}
