package io.hotpath.gateway.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.CardType;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.sbe.ThreeDsStatus;
import io.hotpath.gateway.v1.OutcomeReply;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.RouteReply;
import io.hotpath.gateway.v1.RouteRequest;
import io.hotpath.gateway.v1.RoutingGrpc;
import io.hotpath.routing.OutcomeCommand;
import io.hotpath.routing.RouteCommand;
import io.hotpath.routing.rule.RouteView;
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
    private static final int MAX_TEXT = 32;

    private final ShardPublisher publisher;
    private final EpochNanoClock clock;

    public RoutingService(final ShardDirectory directory, final EpochNanoClock clock)
    {
        this.publisher = new ShardPublisher(directory);
        this.clock = clock;
    }

    @Override
    public void route(final RouteRequest request, final StreamObserver<RouteReply> observer)
    {
        final RouteCommand command = ROUTE.get();
        final Status invalid = fill(request, command);
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        command.ingressTime = clock.nanoTime();
        publisher.publish(request.getTenantId(), command,
            new RouteReplyProxy(publisher.shardIdOf(request.getTenantId()), observer), observer);
    }

    @Override
    public void reportOutcome(final OutcomeRequest request, final StreamObserver<OutcomeReply> observer)
    {
        final OutcomeCommand command = OUTCOME.get();
        final Status invalid = fill(request, command);
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        command.ingressTime = clock.nanoTime();
        publisher.publish(request.getTenantId(), command, new OutcomeReplyProxy(observer), observer);
    }

    private static Status fill(final RouteRequest request, final RouteCommand command)
    {
        if (request.getTenantId() <= 0)
        {
            return GrpcStatuses.invalid("tenant_id", "must be > 0, was " + request.getTenantId());
        }
        if (request.getAmount() <= 0)
        {
            return GrpcStatuses.invalid("amount", "must be > 0 minor units, was " + request.getAmount());
        }
        final int currency = CurrencyCodes.parse(request.getCurrency());
        if (currency < 0)
        {
            return GrpcStatuses.invalid("currency", "unknown ISO 4217 code \"" + request.getCurrency() + "\"");
        }
        final String bin = request.getCard().getBin();
        if (bin.length() < 6 || bin.length() > 8 || !bin.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            return GrpcStatuses.invalid("card.bin", "must be the first 6 to 8 digits of the card number, never the whole number");
        }
        final int network = request.getCard().getNetworkValue() - 1;
        if (network < 0 || network >= CardNetwork.values().length - 1)
        {
            return GrpcStatuses.invalid("card.network", "required, was " + request.getCard().getNetwork());
        }
        final int cardType = request.getCard().getTypeValue() - 1;
        if (cardType < 0 || cardType >= CardType.values().length - 1)
        {
            return GrpcStatuses.invalid("card.type", "required, was " + request.getCard().getType());
        }
        final int issuerCountry = country(request.getCard().getIssuerCountry());
        if (issuerCountry < 0)
        {
            return GrpcStatuses.invalid("card.issuer_country",
                "unknown ISO 3166 alpha-2 code \"" + request.getCard().getIssuerCountry() + "\"");
        }
        final int customerCountry = country(request.getCustomerCountry());
        if (customerCountry < 0)
        {
            return GrpcStatuses.invalid("customer_country", "unknown ISO 3166 alpha-2 code \"" + request.getCustomerCountry() + "\"");
        }
        if (request.getMcc() < 0 || request.getMcc() > 9999)
        {
            return GrpcStatuses.invalid("mcc", "must be in [0, 9999], was " + request.getMcc());
        }
        final int channel = Math.max(0, request.getChannelValue() - 1);
        if (channel >= Channel.values().length - 1)
        {
            return GrpcStatuses.invalid("channel", "unknown value " + request.getChannelValue());
        }
        final int threeDs = Math.max(0, request.getThreeDsValue() - 1);
        if (threeDs >= ThreeDsStatus.values().length - 1)
        {
            return GrpcStatuses.invalid("three_ds", "unknown value " + request.getThreeDsValue());
        }
        if (request.getMetadataCount() > RouteView.MAX_METADATA)
        {
            return GrpcStatuses.invalid("metadata", "at most " + RouteView.MAX_METADATA + " entries, was " + request.getMetadataCount());
        }

        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        command.paymentId = request.getPaymentId();
        command.amount = request.getAmount();
        command.currency = currency;
        command.network = CardNetwork.get((short)network);
        command.cardType = CardType.get((short)cardType);
        command.bin = Integer.parseInt(bin);
        command.binLength = bin.length();
        command.issuerCountry = issuerCountry;
        command.customerCountry = customerCountry;
        command.mcc = request.getMcc();
        command.channel = Channel.get((short)channel);
        command.threeDs = ThreeDsStatus.get((short)threeDs);
        command.clearMetadata();
        for (final Map.Entry<String, String> entry : request.getMetadataMap().entrySet())
        {
            command.addMetadata(TextKeys.of(entry.getKey()), TextKeys.of(entry.getValue()));
        }
        return null;
    }

    private static Status fill(final OutcomeRequest request, final OutcomeCommand command)
    {
        if (request.getTenantId() <= 0)
        {
            return GrpcStatuses.invalid("tenant_id", "must be > 0, was " + request.getTenantId());
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

    /**
     * @return the code of an ISO 3166 alpha-2 country, {@code CountryCodes.NONE} when empty, -1 when unknown.
     */
    private static int country(final String alpha2)
    {
        return alpha2.isEmpty() ? CountryCodes.NONE : CountryCodes.parse(alpha2);
    }
}
