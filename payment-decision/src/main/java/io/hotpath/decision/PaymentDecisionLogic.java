package io.hotpath.decision;

import io.hotpath.core.logic.AsciiText;
import io.hotpath.core.logic.DomainLogic;
import io.hotpath.core.logic.Fnv1a64;
import io.hotpath.core.logic.ResultWriter;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.core.sbe.FraudAction;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PaymentDecisionEncoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ThreeDsStatus;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import io.hotpath.fraud.FraudConfig;
import io.hotpath.fraud.FraudLogic;
import io.hotpath.fraud.FraudResult;
import io.hotpath.fraud.PaymentView;
import io.hotpath.fraud.rules.RuleAction;
import io.hotpath.fraud.rules.RuleSet;
import io.hotpath.fraud.rules.RuleVerdict;
import io.hotpath.routing.RoutingLogic;
import io.hotpath.routing.rule.RouteView;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The one call an upstream payment service makes per payment: score it for fraud, and unless the
 * verdict is BLOCK, route it. Both happen in one command on the shard's logic thread, so a replay
 * reproduces the pair, and the routing decision travels inside the payment decision.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing.
 */
public final class PaymentDecisionLogic implements DomainLogic
{
    /** Most fired rules a decision lists. */
    public static final int MAX_REPORTED_RULES = 16;

    /** Largest amount decided on, in minor units, as routing takes. */
    public static final long MAX_AMOUNT = 1_000_000_000_000L;
    private static final byte[] ALLOW_LIST = AsciiText.of("allow list");
    private static final byte[] BLOCK_LIST = AsciiText.of("block list");
    private static final byte[] NO_RULE = new byte[0];

    private final RoutingLogic routing;
    private final FraudLogic fraud;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final DecidePaymentDecoder request = new DecidePaymentDecoder();
    private final PaymentDecisionEncoder decision = new PaymentDecisionEncoder();
    private final CommandFailedDecoder failed = new CommandFailedDecoder();
    private final ResultWriter resultWriter = new ResultWriter();
    private final PaymentView payment = new PaymentView();
    private final FraudResult scored = new FraudResult(1024);
    private final ExpandableArrayBuffer routed = new ExpandableArrayBuffer(2048);

    public PaymentDecisionLogic(final RoutingLogic routing, final FraudLogic fraud)
    {
        this.routing = routing;
        this.fraud = fraud;
    }

    @Override
    public ConfigDomain configDomain()
    {
        return null;
    }

    @Override
    public int[] templateIds()
    {
        return new int[] {DecidePaymentDecoder.TEMPLATE_ID};
    }

    @Override
    public int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
    {
        request.wrapAndApplyHeader(command, 0, header);
        final long tenantId = request.meta().tenantId();
        final long now = request.meta().ingressTime();
        final long paymentId = request.paymentId();
        read();
        if (payment.amount <= 0 || payment.amount > MAX_AMOUNT)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                "amount: must be in [1, " + MAX_AMOUNT + "] minor units", result);
        }
        if (payment.binLength < 6 || payment.binLength > 8)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                "card.bin: must be 6 to 8 digits", result);
        }
        if (routing.table(tenantId) == null)
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                "tenant_id: no routing config for this tenant", result);
        }
        if (!fraud.score(tenantId, payment, now, scored))
        {
            return resultWriter.failed(command, length, engineSequence, ResultCode.INVALID_ARGUMENT,
                "tenant_id: no fraud config for this tenant", result);
        }
        int routedLength = 0;
        if (scored.action() != RuleAction.BLOCK)
        {
            routedLength = routing.route(tenantId, paymentId, now, command, length, engineSequence, routed);
            if (header.wrap(routed, 0).templateId() == CommandFailedDecoder.TEMPLATE_ID)
            {
                final String reason = failed.wrapAndApplyHeader(routed, 0, header).reason();
                return resultWriter.failed(command, length, engineSequence, failed.meta().code(), reason, result);
            }
        }
        return encode(command, length, engineSequence, result, paymentId, routedLength);
    }

    @Override
    public String applyConfig(
        final long tenantId, final long version, final DirectBuffer config, final int offset, final int length, final String origin)
    {
        return "the payment decision has no config of its own";
    }

    @Override
    public void hashState(final Fnv1a64 hasher)
    {
        // Stateless: its state is the routing and fraud state, hashed by those domains.
    }

    @Override
    public void writeState(final StateWriter out)
    {
        // Stateless: routing and fraud write their own state.
    }

    @Override
    public void readState(final StateReader in)
    {
        // Stateless: routing and fraud read their own state.
    }

    private void read()
    {
        payment.amount = request.amount();
        payment.currencyDigits = request.currencyDigits();
        payment.cardFingerprint = request.cardFingerprint();
        payment.bin = (int)request.bin();
        payment.binLength = request.binLength();
        payment.customerKey = request.customerKey();
        payment.emailKey = request.emailKey();
        payment.deviceKey = request.deviceKey();
        payment.ipHigh = request.ipHigh();
        payment.ipLow = request.ipLow();
        payment.issuerCountry = request.issuerCountry();
        payment.customerCountry = request.customerCountry();
        payment.threeDsAuthenticated = request.threeDsRaw() == ThreeDsStatus.AUTHENTICATED.value();
        payment.moto = request.channelRaw() == Channel.MOTO.value();

        final RouteView view = routing.view();
        view.amount = payment.amount;
        view.currency = request.currency();
        view.network = request.networkRaw();
        view.cardType = request.cardTypeRaw();
        view.bin = payment.bin;
        view.binLength = payment.binLength;
        view.issuerCountry = payment.issuerCountry;
        view.customerCountry = payment.customerCountry;
        view.mcc = request.mcc();
        view.channel = request.channelRaw();
        view.threeDs = request.threeDsRaw();
        view.metadata.clear();
        for (final DecidePaymentDecoder.MetadataDecoder entry : request.metadata())
        {
            view.metadata.add(entry.keyHash(), entry.valueHash());
        }
    }

    private int encode(
        final DirectBuffer command,
        final int length,
        final long engineSequence,
        final MutableDirectBuffer result,
        final long paymentId,
        final int routedLength)
    {
        final RuleVerdict verdict = scored.rules();
        final FraudConfig config = fraud.config(request.meta().tenantId());
        final RuleSet rules = config.rules();
        decision.wrapAndApplyHeader(result, 0, headerEncoder);
        resultWriter.echoMeta(command, length, engineSequence, ResultCode.OK, decision.meta());
        decision.paymentId(paymentId)
            .action(action(scored.action()))
            .score(scored.score())
            .modelScore(scored.modelScore())
            .shadowModelScore((short)scored.shadowModelScore())
            .decidedByList((short)(verdict.decidedByList() ? 1 : 0));

        final int acting = Math.min(verdict.firedCount(), MAX_REPORTED_RULES);
        final int shadow = Math.min(verdict.shadowCount(), MAX_REPORTED_RULES - acting);
        final PaymentDecisionEncoder.FiredRulesEncoder firedRules = decision.firedRulesCount(acting + shadow);
        for (int i = 0; i < acting; i++)
        {
            final byte[] name = rules.nameAscii(verdict.fired(i));
            firedRules.next().shadow((short)0).putName(name, 0, name.length);
        }
        for (int i = 0; i < shadow; i++)
        {
            final byte[] name = rules.nameAscii(verdict.shadowFired(i));
            firedRules.next().shadow((short)1).putName(name, 0, name.length);
        }
        final PaymentDecisionEncoder.TopFeaturesEncoder features = decision.topFeaturesCount(scored.topFeatureCount());
        for (int i = 0; i < scored.topFeatureCount(); i++)
        {
            final byte[] feature = scored.topFeature(i).modelNameAscii();
            features.next().putFeature(feature, 0, feature.length);
        }
        final byte[] version = config.model().versionAscii();
        decision.putModelVersion(version, 0, version.length);
        final byte[] deciding = verdict.decidedByList()
            ? (scored.action() == RuleAction.ALLOW ? ALLOW_LIST : BLOCK_LIST)
            : verdict.decidingRule() < 0 ? NO_RULE : rules.nameAscii(verdict.decidingRule());
        decision.putDecidingRule(deciding, 0, deciding.length);
        decision.putRouting(routed, 0, routedLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + decision.encodedLength();
    }

    private static FraudAction action(final RuleAction action)
    {
        switch (action)
        {
            case BLOCK:
                return FraudAction.BLOCK;
            case CHALLENGE:
                return FraudAction.CHALLENGE;
            case REVIEW:
                return FraudAction.REVIEW;
            default:
                return FraudAction.ALLOW;
        }
    }
}
