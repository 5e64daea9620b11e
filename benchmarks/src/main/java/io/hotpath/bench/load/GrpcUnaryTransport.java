package io.hotpath.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.FraudLabel;
import io.hotpath.gateway.v1.FraudLabelReply;
import io.hotpath.gateway.v1.FraudLabelRequest;
import io.hotpath.gateway.v1.OutcomeReply;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.gateway.v1.RoutingGrpc;
import java.util.List;

/**
 * Each request a unary call of its own (Payments.DecidePayment, Pricing.Quote,
 * Routing.ReportOutcome, Payments.ReportFraudLabel), spread over the channels in turn.
 */
final class GrpcUnaryTransport implements LoadTransport
{
    private final LoadTraffic traffic;
    private final LoadSink sink;
    private final PaymentsGrpc.PaymentsStub[] payments;
    private final PricingGrpc.PricingStub[] pricing;
    private final RoutingGrpc.RoutingStub[] routing;

    GrpcUnaryTransport(final List<ManagedChannel> channels, final LoadTraffic traffic, final LoadSink sink)
    {
        this.traffic = traffic;
        this.sink = sink;
        payments = channels.stream().map(PaymentsGrpc::newStub).toArray(PaymentsGrpc.PaymentsStub[]::new);
        pricing = channels.stream().map(PricingGrpc::newStub).toArray(PricingGrpc.PricingStub[]::new);
        routing = channels.stream().map(RoutingGrpc::newStub).toArray(RoutingGrpc.RoutingStub[]::new);
    }

    @Override
    public void decide(final long sequence, final int slot, final long paymentId)
    {
        final var request = traffic.payment(slot, sequence, paymentId);
        payments[channel(sequence)].decidePayment(request, new Answer<>(sequence)
        {
            @Override
            public void onNext(final PaymentDecision decision)
            {
                if (decision.hasRouting() && decision.getRouting().getCandidatesCount() > 0)
                {
                    sink.decided(new Decided(request.getTenantId(), paymentId, decision.getRouting().getCandidates(0).getProcessor(), 0,
                        request.getCard().getFingerprint()));
                }
            }
        });
    }

    @Override
    public void quote(final long sequence, final int slot)
    {
        pricing[channel(sequence)].quote(traffic.quotes[slot], new Answer<QuoteReply>(sequence));
    }

    @Override
    public void outcome(final long sequence, final Decided payment, final boolean approved)
    {
        routing[channel(sequence)].reportOutcome(outcomeRequest(payment, approved), new Answer<OutcomeReply>(sequence));
    }

    @Override
    public void label(final long sequence, final Decided payment)
    {
        payments[channel(sequence)].reportFraudLabel(labelRequest(payment), new Answer<FraudLabelReply>(sequence));
    }

    @Override
    public void flush()
    {
        // Each call is its own HTTP/2 stream; grpc-java writes it out.
    }

    @Override
    public void close()
    {
        // The channels belong to the caller.
    }

    static OutcomeRequest outcomeRequest(final Decided payment, final boolean approved)
    {
        return OutcomeRequest.newBuilder()
            .setTenantId(payment.tenantId())
            .setPaymentId(payment.paymentId())
            .setCorrelationId(payment.paymentId())
            .setProcessor(payment.processor())
            .setOutcome(approved ? PaymentOutcome.PAYMENT_OUTCOME_APPROVED : PaymentOutcome.PAYMENT_OUTCOME_SOFT_DECLINE)
            .setResponseCode(approved ? "" : "05")
            .setLatencyMicros(approved ? 180_000 : 240_000)
            .build();
    }

    static FraudLabelRequest labelRequest(final Decided payment)
    {
        return FraudLabelRequest.newBuilder()
            .setTenantId(payment.tenantId())
            .setPaymentId(payment.paymentId())
            .setCorrelationId(payment.paymentId())
            .setLabel(FraudLabel.FRAUD_LABEL_LEGITIMATE)
            .setCardFingerprint(payment.fingerprint())
            .build();
    }

    private int channel(final long sequence)
    {
        return (int)(sequence % payments.length);
    }

    /**
     * Reports the call's end; a subclass looks at the reply first.
     */
    private class Answer<T> implements StreamObserver<T>
    {
        private final long sequence;

        Answer(final long sequence)
        {
            this.sequence = sequence;
        }

        @Override
        public void onNext(final T reply)
        {
            // The reply's arrival is what is timed.
        }

        @Override
        public void onError(final Throwable cause)
        {
            final Status status = Status.fromThrowable(cause);
            if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED)
            {
                sink.refused(sequence);
            }
            else
            {
                sink.failed(sequence, status.getCode() + ": " + status.getDescription());
            }
        }

        @Override
        public void onCompleted()
        {
            sink.answered(sequence);
        }
    }
}
