package io.hotpath.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.ExchangeGrpc;
import io.hotpath.gateway.v1.ExchangeReply;
import io.hotpath.gateway.v1.ExchangeRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every request on the Exchange stream, one long-lived stream per channel, tagged with its place in
 * the schedule as its request id.
 */
final class GrpcStreamTransport implements LoadTransport
{
    private final LoadTraffic traffic;
    private final LoadSink sink;
    private final Stream[] streams;
    // The payment sent as each outstanding sequence, to know its tenant and card when it is decided.
    private final DecidePaymentRequest[] sent = new DecidePaymentRequest[OpenLoop.MAX_OUTSTANDING];

    GrpcStreamTransport(final List<ManagedChannel> channels, final LoadTraffic traffic, final LoadSink sink)
    {
        this.traffic = traffic;
        this.sink = sink;
        streams = channels.stream().map(Stream::new).toArray(Stream[]::new);
    }

    @Override
    public void decide(final long sequence, final int slot, final long paymentId)
    {
        final DecidePaymentRequest request = traffic.payment(slot, sequence, paymentId);
        sent[(int)(sequence & OpenLoop.OUTSTANDING_MASK)] = request;
        send(ExchangeRequest.newBuilder().setRequestId(sequence).setDecidePayment(request));
    }

    @Override
    public void quote(final long sequence, final int slot)
    {
        send(ExchangeRequest.newBuilder().setRequestId(sequence).setQuote(traffic.quotes[slot]));
    }

    @Override
    public void outcome(final long sequence, final Decided payment, final boolean approved)
    {
        send(ExchangeRequest.newBuilder().setRequestId(sequence).setReportOutcome(GrpcUnaryTransport.outcomeRequest(payment, approved)));
    }

    @Override
    public void label(final long sequence, final Decided payment)
    {
        send(ExchangeRequest.newBuilder().setRequestId(sequence).setReportFraudLabel(GrpcUnaryTransport.labelRequest(payment)));
    }

    @Override
    public void flush()
    {
        // grpc-java writes each message out.
    }

    /**
     * Half-closes the streams and waits for the engine to finish answering them.
     */
    @Override
    public void close()
    {
        for (final Stream stream : streams)
        {
            stream.requests.onCompleted();
        }
        for (final Stream stream : streams)
        {
            stream.completed.completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
    }

    private void send(final ExchangeRequest.Builder request)
    {
        streams[(int)(request.getRequestId() % streams.length)].requests.onNext(request.build());
    }

    private final class Stream implements StreamObserver<ExchangeReply>
    {
        final StreamObserver<ExchangeRequest> requests;
        final CompletableFuture<Void> completed = new CompletableFuture<>();

        Stream(final ManagedChannel channel)
        {
            requests = ExchangeGrpc.newStub(channel).exchange(this);
        }

        @Override
        public void onNext(final ExchangeReply reply)
        {
            final long sequence = reply.getRequestId();
            switch (reply.getReplyCase())
            {
                case REFUSAL ->
                {
                    if (reply.getRefusal().getCode() == Status.Code.RESOURCE_EXHAUSTED.value())
                    {
                        sink.refused(sequence);
                    }
                    else
                    {
                        sink.failed(sequence, Status.fromCodeValue(reply.getRefusal().getCode()).getCode() + ": "
                            + reply.getRefusal().getMessage());
                    }
                }
                case PAYMENT_DECISION ->
                {
                    final var routing = reply.getPaymentDecision().getRouting();
                    final DecidePaymentRequest request = sent[(int)(sequence & OpenLoop.OUTSTANDING_MASK)];
                    if (routing.getCandidatesCount() > 0 && request != null)
                    {
                        sink.decided(new Decided(request.getTenantId(), request.getPaymentId(), routing.getCandidates(0).getProcessor(), 0,
                            request.getCard().getFingerprint()));
                    }
                    sink.answered(sequence);
                }
                default -> sink.answered(sequence);
            }
        }

        @Override
        public void onError(final Throwable cause)
        {
            completed.completeExceptionally(cause);
        }

        @Override
        public void onCompleted()
        {
            completed.complete(null);
        }
    }
}
