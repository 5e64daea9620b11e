package io.hotpath.bench.load;

import io.grpc.Status;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.RouteDecisionDecoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.decision.FraudLabelCommand;
import io.hotpath.gateway.binary.client.HotpathClient;
import io.hotpath.gateway.binary.client.Reply;
import io.hotpath.gateway.grpc.PaymentsService;
import io.hotpath.gateway.grpc.PricingService;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.pricing.QuoteCommand;
import io.hotpath.routing.OutcomeCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Every request an SBE command on the binary front, over the connections in turn, made through the
 * same adapters the gRPC front uses: quotes once, before the run; payments as they go, since each
 * generation of the traffic has its own customers. A send sets the correlation id, writes the frame
 * and leaves it for {@link #flush()}, so that requests due together leave in one write.
 */
final class BinaryTransport implements LoadTransport
{
    private final LoadSink sink;
    private final HotpathClient[] clients;
    private final boolean[] written;
    private final LoadTraffic traffic;
    private final DecidePaymentCommand payment = new DecidePaymentCommand();
    private final QuoteCommand[] quotes = new QuoteCommand[LoadTraffic.SLOTS];
    private final OutcomeCommand outcome = new OutcomeCommand();
    private final FraudLabelCommand label = new FraudLabelCommand();

    BinaryTransport(final List<HotpathClient> clients, final LoadTraffic traffic, final LoadSink sink)
    {
        this.sink = sink;
        this.traffic = traffic;
        this.clients = clients.toArray(new HotpathClient[0]);
        this.written = new boolean[this.clients.length];
        for (int slot = 0; slot < LoadTraffic.SLOTS; slot++)
        {
            quotes[slot] = new QuoteCommand();
            adapted(PricingService.adapt(traffic.quotes[slot], quotes[slot]));
        }
    }

    @Override
    public void decide(final long sequence, final int slot, final long paymentId)
    {
        // Adapted here, not before the run, because the customer changes with the generation; the frame is encoded by write.
        final DecidePaymentRequest request = traffic.payment(slot, sequence, paymentId);
        adapted(PaymentsService.adapt(request, payment));
        payment.correlationId = sequence + 1;
        final long tenant = payment.tenantId;
        final String fingerprint = request.getCard().getFingerprint();
        write(sequence, payment).thenAccept(reply ->
        {
            final long processor = firstProcessor(reply);
            if (processor != 0)
            {
                sink.decided(new Decided(tenant, paymentId, null, processor, fingerprint));
            }
        });
    }

    @Override
    public void quote(final long sequence, final int slot)
    {
        quotes[slot].correlationId = sequence + 1;
        write(sequence, quotes[slot]);
    }

    @Override
    public void outcome(final long sequence, final Decided payment, final boolean approved)
    {
        // As RoutingService.adapt would encode GrpcUnaryTransport.outcomeRequest, with the processor by its key.
        outcome.tenantId = payment.tenantId();
        outcome.correlationId = sequence + 1;
        outcome.paymentId = payment.paymentId();
        outcome.processorKey = payment.processorKey();
        outcome.outcome = approved ? Outcome.APPROVED : Outcome.SOFT_DECLINE;
        outcome.responseCodeKey = TextKeys.of(approved ? "" : "05");
        outcome.latencyMicros = approved ? 180_000 : 240_000;
        write(sequence, outcome);
    }

    @Override
    public void label(final long sequence, final Decided payment)
    {
        label.tenantId = payment.tenantId();
        label.correlationId = sequence + 1;
        label.paymentId = payment.paymentId();
        label.label = FraudLabel.LEGITIMATE;
        label.cardFingerprint = Long.parseUnsignedLong(payment.fingerprint(), 16);
        label.emailKey = TextKeys.NONE;
        label.deviceKey = TextKeys.NONE;
        write(sequence, label);
    }

    @Override
    public void flush()
    {
        for (int i = 0; i < clients.length; i++)
        {
            if (written[i])
            {
                written[i] = false;
                clients[i].flush();
            }
        }
    }

    @Override
    public void close()
    {
        // The clients belong to the caller.
    }

    private CompletableFuture<Reply> write(final long sequence, final CommandSource command)
    {
        final int connection = (int)(sequence % clients.length);
        written[connection] = true;
        final CompletableFuture<Reply> reply = clients[connection].write(command);
        reply.whenComplete((result, failure) ->
        {
            if (failure != null)
            {
                sink.failed(sequence, failure.toString());
                return;
            }
            final ResultCode code = result.code();
            if (code == ResultCode.OK || code == ResultCode.NO_ELIGIBLE_PROCESSOR)
            {
                sink.answered(sequence);
            }
            else if (code == ResultCode.OVERLOADED || code == ResultCode.QUOTA_EXCEEDED)
            {
                sink.refused(sequence);
            }
            else
            {
                sink.failed(sequence, code + (result.reason() == null ? "" : ": " + result.reason()));
            }
        });
        return reply;
    }

    /**
     * @return the key of the first processor a payment decision offers, or 0.
     */
    private static long firstProcessor(final Reply reply)
    {
        if (reply.templateId() != PaymentDecisionDecoder.TEMPLATE_ID || reply.code() != ResultCode.OK)
        {
            return 0;
        }
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PaymentDecisionDecoder decision = new PaymentDecisionDecoder().wrapAndApplyHeader(reply.buffer(), 0, header);
        for (final PaymentDecisionDecoder.FiredRulesDecoder rule : decision.firedRules())
        {
            rule.skipName();
        }
        for (final PaymentDecisionDecoder.TopFeaturesDecoder feature : decision.topFeatures())
        {
            feature.skipFeature();
        }
        decision.skipModelVersion();
        decision.skipDecidingRule();
        if (decision.routingLength() == 0)
        {
            return 0;
        }
        final UnsafeBuffer routed = new UnsafeBuffer(0, 0);
        decision.wrapRouting(routed);
        final RouteDecisionDecoder route = new RouteDecisionDecoder().wrapAndApplyHeader(routed, 0, header);
        final RouteDecisionDecoder.CandidatesDecoder candidates = route.candidates();
        return candidates.hasNext() ? candidates.next().processorKey() : 0;
    }

    private static void adapted(final Status invalid)
    {
        if (invalid != null)
        {
            throw new IllegalStateException("the load generator's own request is invalid: " + invalid.getDescription());
        }
    }
}
