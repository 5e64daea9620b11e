package io.hotpath.gateway.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.auth.CallGuard;
import io.hotpath.gateway.auth.Principal;
import io.hotpath.gateway.v1.ExchangeGrpc;
import io.hotpath.gateway.v1.ExchangeReply;
import io.hotpath.gateway.v1.ExchangeRequest;
import io.hotpath.gateway.v1.Refusal;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The data path on one bidirectional stream: each request is handed to the unary RPC's own
 * implementation, so it is checked, journaled and decided exactly as that RPC would be, and its
 * answer (or the status the RPC would have closed with) goes back on the stream tagged with the
 * request's id. Tenant and quota checks, which the call guard makes once per unary call, are made
 * here once per request; a request holds one call in flight of its tenant until it is answered.
 *
 * <p>Requests arrive on a Netty event loop; answers come from the shards' egress threads, several at
 * once, so writes to the reply stream are serialised on it. The stream completes once the client
 * has half-closed and every request has been answered.
 */
public final class ExchangeService extends ExchangeGrpc.ExchangeImplBase
{
    /** What a message of the stream that did not parse arrives as, and its answer. */
    private static final ExchangeRequest UNPARSED = UnparsedRequests.unparsed(ExchangeRequest.getDefaultInstance());
    private static final Status UNPARSED_REFUSAL = UnparsedRequests.refusal(ExchangeGrpc.getExchangeMethod());

    private final PaymentsService payments;
    private final RoutingService routing;
    private final PricingService pricing;
    private final CallGuard guard;

    public ExchangeService(
        final PaymentsService payments, final RoutingService routing, final PricingService pricing, final CallGuard guard)
    {
        this.payments = payments;
        this.routing = routing;
        this.pricing = pricing;
        this.guard = guard;
    }

    @Override
    public StreamObserver<ExchangeRequest> exchange(final StreamObserver<ExchangeReply> replies)
    {
        return new Session((ServerCallStreamObserver<ExchangeReply>)replies, FrontInterceptor.principal());
    }

    private final class Session implements StreamObserver<ExchangeRequest>
    {
        private final ServerCallStreamObserver<ExchangeReply> replies;
        private final Principal principal;
        private int pending;
        private boolean halfClosed;
        private boolean done;

        Session(final ServerCallStreamObserver<ExchangeReply> replies, final Principal principal)
        {
            this.replies = replies;
            this.principal = principal;
        }

        @Override
        public void onNext(final ExchangeRequest request)
        {
            if (request == UNPARSED)
            {
                refuse(0, UNPARSED_REFUSAL);
                return;
            }
            final long id = request.getRequestId();
            switch (request.getCommandCase())
            {
                case DECIDE_PAYMENT -> dispatch(id, request.getDecidePayment().getTenantId(), request.getDecidePayment(),
                    payments::decidePayment, ExchangeReply.Builder::setPaymentDecision);
                case ROUTE -> dispatch(id, request.getRoute().getTenantId(), request.getRoute(),
                    routing::route, ExchangeReply.Builder::setRoute);
                case REPORT_OUTCOME -> dispatch(id, request.getReportOutcome().getTenantId(), request.getReportOutcome(),
                    routing::reportOutcome, ExchangeReply.Builder::setOutcome);
                case REPORT_FRAUD_LABEL -> dispatch(id, request.getReportFraudLabel().getTenantId(), request.getReportFraudLabel(),
                    payments::reportFraudLabel, ExchangeReply.Builder::setFraudLabel);
                case QUOTE -> dispatch(id, request.getQuote().getTenantId(), request.getQuote(),
                    pricing::quote, ExchangeReply.Builder::setQuote);
                case VALIDATE_QUOTE -> dispatch(id, request.getValidateQuote().getTenantId(), request.getValidateQuote(),
                    pricing::validateQuote, ExchangeReply.Builder::setValidateQuote);
                default -> refuse(id, GrpcStatuses.invalid("command", "required: one of the data-path requests"));
            }
        }

        @Override
        public void onError(final Throwable cause)
        {
            synchronized (this)
            {
                done = true;
            }
        }

        @Override
        public void onCompleted()
        {
            synchronized (this)
            {
                halfClosed = true;
                completeIfAnswered();
            }
        }

        /**
         * Hands the request to its unary implementation once the guard admits it (a request without
         * a command is refused here); the refusal is the answer otherwise, and nothing is published.
         */
        private <Q, T> void dispatch(final long id, final long tenant, final Q request,
            final BiConsumer<Q, StreamObserver<T>> rpc, final BiFunction<ExchangeReply.Builder, T, ?> field)
        {
            final Status refusal = guard.admitRequest(principal, tenant);
            if (refusal != null)
            {
                refuse(id, refusal);
                return;
            }
            synchronized (this)
            {
                pending++;
            }
            rpc.accept(request, new Answer<>(this, id, tenant, field));
        }

        /**
         * Answers request {@code id} with {@code refusal}; nothing is published.
         */
        private void refuse(final long id, final Status refusal)
        {
            synchronized (this)
            {
                pending++;
            }
            new Answer<ExchangeReply>(this, id, 0, null).onError(refusal.asRuntimeException());
        }

        synchronized void send(final ExchangeReply reply, final long tenant)
        {
            if (tenant > 0)
            {
                guard.release(tenant);
            }
            pending--;
            if (!done && !replies.isCancelled())
            {
                replies.onNext(reply);
            }
            completeIfAnswered();
        }

        private void completeIfAnswered()
        {
            if (halfClosed && pending == 0 && !done)
            {
                done = true;
                if (!replies.isCancelled())
                {
                    replies.onCompleted();
                }
            }
        }
    }

    /**
     * One request's answer: the unary reply set into its field of the envelope, or its refusal.
     * Answers once; a unary implementation's onCompleted after onNext is ignored.
     */
    private static final class Answer<T> implements StreamObserver<T>
    {
        private final Session session;
        private final long id;
        private final long tenant;
        private final BiFunction<ExchangeReply.Builder, T, ?> field;
        private boolean answered;

        Answer(final Session session, final long id, final long tenant, final BiFunction<ExchangeReply.Builder, T, ?> field)
        {
            this.session = session;
            this.id = id;
            this.tenant = tenant;
            this.field = field;
        }

        @Override
        public void onNext(final T value)
        {
            final ExchangeReply.Builder reply = ExchangeReply.newBuilder().setRequestId(id);
            field.apply(reply, value);
            answer(reply.build());
        }

        @Override
        public void onError(final Throwable cause)
        {
            final Status status = Status.fromThrowable(cause);
            answer(ExchangeReply.newBuilder()
                .setRequestId(id)
                .setRefusal(Refusal.newBuilder()
                    .setCode(status.getCode().value())
                    .setMessage(status.getDescription() == null ? status.getCode().name() : status.getDescription()))
                .build());
        }

        @Override
        public void onCompleted()
        {
            // The reply was the answer.
        }

        private void answer(final ExchangeReply reply)
        {
            if (answered)
            {
                return;
            }
            answered = true;
            session.send(reply, tenant);
        }
    }
}
