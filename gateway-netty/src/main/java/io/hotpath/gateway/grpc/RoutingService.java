package io.hotpath.gateway.grpc;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.gateway.v1.OutcomeReply;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.RouteReply;
import io.hotpath.gateway.v1.RouteRequest;
import io.hotpath.gateway.v1.RoutingGrpc;
import io.hotpath.routing.OutcomeCommand;
import io.hotpath.routing.RouteCommand;
import java.util.Map;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The payment-routing RPCs. Runs on the Netty event loops: validates every field, naming the one
 * that is wrong, stamps the ingress time and publishes into the tenant's shard without blocking.
 */
public final class RoutingService extends RoutingGrpc.RoutingImplBase
{
    private static final ThreadLocal<RouteCommand> ROUTE = ThreadLocal.withInitial(RouteCommand::new);
    private static final ThreadLocal<OutcomeCommand> OUTCOME = ThreadLocal.withInitial(OutcomeCommand::new);
    private static final ThreadLocal<CardPaymentFields> FIELDS = ThreadLocal.withInitial(CardPaymentFields::new);
    private static final int MAX_TEXT = 32;

    private final ShardPublisher publisher;
    private final EpochNanoClock clock;
    private final FrontMetrics metrics;

    public RoutingService(final ShardDirectory directory, final EpochNanoClock clock)
    {
        this(directory, clock, FrontMetrics.NONE);
    }

    /**
     * @param metrics counts each route by first processor.
     */
    public RoutingService(final ShardDirectory directory, final EpochNanoClock clock, final FrontMetrics metrics)
    {
        this.publisher = new ShardPublisher(directory);
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * The service as the gRPC front serves it: as {@link #bindService()}, except that a unary Route is answered by
     * {@link #routeOnWire}. Clients see the same method, messages and schema (server reflection included).
     */
    public ServerServiceDefinition bindWithWireReplies()
    {
        return WireReply.answering(bindService(), RoutingGrpc.getRouteMethod(), ServerCalls.asyncUnaryCall(this::routeOnWire));
    }

    /**
     * Route whose reply is a {@link RouteReply} message: what an Exchange stream carries.
     */
    @Override
    public void route(final RouteRequest request, final StreamObserver<RouteReply> observer)
    {
        route(request, observer, RouteReplyProxy.MESSAGE);
    }

    /**
     * Route whose reply the egress thread writes straight into protobuf's wire format: a unary call's.
     */
    public void routeOnWire(final RouteRequest request, final StreamObserver<WireReply> observer)
    {
        route(request, observer, RouteReplyProxy.WIRE);
    }

    private <T> void route(final RouteRequest request, final StreamObserver<T> observer, final RouteReplyProxy.Encoding<T> encoding)
    {
        final RouteCommand command = ROUTE.get();
        final Status invalid = adapt(request, command);
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        command.ingressTime = clock.nanoTime();
        command.idempotencyKey = FrontInterceptor.idempotencyKey();
        final int shardId = publisher.shardIdOf(request.getTenantId());
        publisher.publish(request.getTenantId(), command, new RouteReplyProxy<>(shardId, observer, metrics, encoding), observer);
    }

    @Override
    public void reportOutcome(final OutcomeRequest request, final StreamObserver<OutcomeReply> observer)
    {
        final OutcomeCommand command = OUTCOME.get();
        final Status invalid = adapt(request, command);
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        command.ingressTime = clock.nanoTime();
        command.idempotencyKey = FrontInterceptor.idempotencyKey();
        publisher.publish(request.getTenantId(), command, new OutcomeReplyProxy(observer), observer);
    }

    /**
     * Checks a route request field by field and, when every field is valid, encodes it into the
     * command as this front publishes it (except its ingress time and idempotency key).
     *
     * @return null when valid; otherwise INVALID_ARGUMENT naming the field.
     */
    public static Status adapt(final RouteRequest request, final RouteCommand command)
    {
        final Status pci = PanDetector.metadata(request.getMetadataMap());
        if (pci != null)
        {
            return pci;
        }
        final CardPaymentFields fields = FIELDS.get();
        final Status invalid = fields.parse(request.getTenantId(), request.getPaymentId(), request.getAmount(), request.getCurrency(),
            request.getCard().getBin(), request.getCard().getNetworkValue(), request.getCard().getTypeValue(),
            request.getCard().getIssuerCountry(), request.getCustomerCountry(), request.getMcc(), request.getChannelValue(),
            request.getThreeDsValue(), request.getMetadataCount());
        if (invalid != null)
        {
            return invalid;
        }
        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        command.paymentId = request.getPaymentId();
        command.amount = request.getAmount();
        command.currency = fields.currency;
        command.network = fields.network;
        command.cardType = fields.cardType;
        command.bin = fields.bin;
        command.binLength = fields.binLength;
        command.issuerCountry = fields.issuerCountry;
        command.customerCountry = fields.customerCountry;
        command.mcc = request.getMcc();
        command.channel = fields.channel;
        command.threeDs = fields.threeDs;
        command.clearMetadata();
        for (final Map.Entry<String, String> entry : request.getMetadataMap().entrySet())
        {
            command.addMetadata(TextKeys.of(entry.getKey()), TextKeys.of(entry.getValue()));
        }
        return null;
    }

    /**
     * Checks an outcome report field by field and, when every field is valid, encodes it into the
     * command as this front publishes it (except its ingress time and idempotency key).
     *
     * @return null when valid; otherwise INVALID_ARGUMENT naming the field.
     */
    public static Status adapt(final OutcomeRequest request, final OutcomeCommand command)
    {
        if (request.getTenantId() <= 0)
        {
            return GrpcStatuses.invalid("tenant_id", "must be > 0, was " + request.getTenantId());
        }
        if (request.getPaymentId() <= 0)
        {
            return GrpcStatuses.paymentId(request.getPaymentId());
        }
        if (request.getProcessor().isEmpty() || request.getProcessor().length() > MAX_TEXT)
        {
            return GrpcStatuses.invalid("processor", "must be a processor id of 1 to " + MAX_TEXT + " characters");
        }
        final int outcome = request.getOutcomeValue() - 1;
        if (outcome < 0 || outcome >= Outcome.values().length - 1)
        {
            return GrpcStatuses.invalid("outcome", "required, was " + request.getOutcome());
        }
        if (request.getResponseCode().length() > MAX_TEXT)
        {
            return GrpcStatuses.invalid("response_code", "at most " + MAX_TEXT + " characters");
        }
        if (request.getLatencyMicros() < 0)
        {
            return GrpcStatuses.invalid("latency_micros", "must be >= 0, was " + request.getLatencyMicros());
        }
        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        command.paymentId = request.getPaymentId();
        command.processorKey = TextKeys.of(request.getProcessor());
        command.outcome = Outcome.get((short)outcome);
        command.responseCodeKey = TextKeys.of(request.getResponseCode());
        command.latencyMicros = request.getLatencyMicros();
        return null;
    }
}
