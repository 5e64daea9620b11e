package io.hotpath.gateway.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.gateway.stream.PriceStreamHub;
import io.hotpath.gateway.stream.PriceSubscriber;
import io.hotpath.gateway.v1.MarketDataBatch;
import io.hotpath.gateway.v1.MarketDataReply;
import io.hotpath.gateway.v1.MarketEvent;
import io.hotpath.gateway.v1.PriceUpdate;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.QuoteReply;
import io.hotpath.gateway.v1.QuoteRequest;
import io.hotpath.gateway.v1.StreamPricesRequest;
import io.hotpath.gateway.v1.ValidateQuoteReply;
import io.hotpath.gateway.v1.ValidateQuoteRequest;
import io.hotpath.pricing.MarketDataCommand;
import io.hotpath.pricing.PricingLimits;
import io.hotpath.pricing.QuoteCommand;
import io.hotpath.pricing.SubscribePricesCommand;
import io.hotpath.pricing.ValidateQuoteCommand;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The pricing RPCs. Runs on the Netty event loops: validates every field, naming the one that is
 * wrong, turns texts into 64-bit keys, stamps the ingress time and publishes into the tenant's
 * shard without blocking. Price streams are registered with the hub before their subscription is
 * published, and their cancellation reaches the engine through the control plane.
 */
public final class PricingService extends PricingGrpc.PricingImplBase
{
    private static final ThreadLocal<QuoteCommand> QUOTE = ThreadLocal.withInitial(QuoteCommand::new);
    private static final ThreadLocal<ValidateQuoteCommand> VALIDATE = ThreadLocal.withInitial(ValidateQuoteCommand::new);
    private static final ThreadLocal<MarketDataCommand> MARKET = ThreadLocal.withInitial(MarketDataCommand::new);

    private final ShardPublisher publisher;
    private final EpochNanoClock clock;
    private final PriceStreamHub streams;
    private final int maxSkusPerStream;
    private final AtomicLong subscriptionIds;

    /**
     * @param streams where price streams are fanned out.
     * @param limits  the shards' pricing limits: a stream follows at most {@code maxSkusPerSubscription} SKUs.
     */
    public PricingService(final ShardDirectory directory, final EpochNanoClock clock, final PriceStreamHub streams,
        final PricingLimits limits)
    {
        this.publisher = new ShardPublisher(directory);
        this.clock = clock;
        this.streams = streams;
        this.maxSkusPerStream = limits.maxSkusPerSubscription();
        // Ids from the clock, so a restarted engine does not reuse the ids its journal already holds.
        this.subscriptionIds = new AtomicLong(clock.nanoTime());
    }

    @Override
    public void quote(final QuoteRequest request, final StreamObserver<QuoteReply> observer)
    {
        final QuoteCommand command = QUOTE.get();
        final Status invalid = adapt(request, command);
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        command.ingressTime = clock.nanoTime();
        command.idempotencyKey = FrontInterceptor.idempotencyKey();
        publisher.publish(request.getTenantId(), command,
            new QuoteReplyProxy(publisher.shardIdOf(request.getTenantId()), request.getSku(), observer), observer);
    }

    @Override
    public void validateQuote(final ValidateQuoteRequest request, final StreamObserver<ValidateQuoteReply> observer)
    {
        final ValidateQuoteCommand command = VALIDATE.get();
        Status invalid = GrpcStatuses.first(
            PricingFields.tenant(request.getTenantId()),
            QuoteIds.parse(request.getQuoteId()) == QuoteIds.INVALID
                ? GrpcStatuses.invalid("quote_id", "must be the 16 hexadecimal digits a quote gave") : null,
            PricingFields.sku("sku", request.getSku()),
            PricingFields.quantity("quantity", request.getQuantity()));
        final int currency = PricingFields.currency(request.getCurrency());
        if (invalid == null && currency < 0)
        {
            invalid = PricingFields.currencyError("currency", request.getCurrency());
        }
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        command.quoteId = QuoteIds.parse(request.getQuoteId());
        command.skuKey = TextKeys.of(request.getSku());
        command.quantity = request.getQuantity();
        command.currency = currency;
        command.consume = request.getConsume();
        command.ingressTime = clock.nanoTime();
        command.idempotencyKey = FrontInterceptor.idempotencyKey();
        publisher.publish(request.getTenantId(), command, new ValidationReplyProxy(observer), observer);
    }

    @Override
    public void publishMarketData(final MarketDataBatch request, final StreamObserver<MarketDataReply> observer)
    {
        final MarketDataCommand command = MARKET.get();
        final Status invalid = adapt(request, command);
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        command.ingressTime = clock.nanoTime();
        command.idempotencyKey = FrontInterceptor.idempotencyKey();
        publisher.publish(request.getTenantId(), command, new MarketDataReplyProxy(observer), observer);
    }

    @Override
    public void streamPrices(final StreamPricesRequest request, final StreamObserver<PriceUpdate> observer)
    {
        final ServerCallStreamObserver<PriceUpdate> call = (ServerCallStreamObserver<PriceUpdate>)observer;
        final int currency = PricingFields.currency(request.getCurrency());
        Status invalid = GrpcStatuses.first(
            PricingFields.tenant(request.getTenantId()),
            skus(request),
            PricingFields.keyword("segment", request.getSegment()),
            PricingFields.keyword("channel", request.getChannel()));
        if (invalid == null && currency < 0)
        {
            invalid = PricingFields.currencyError("currency", request.getCurrency());
        }
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        final long tenantId = request.getTenantId();
        final String[] skus = request.getSkusList().toArray(new String[0]);
        final PriceSubscriber subscriber = new PriceSubscriber(subscriptionIds.incrementAndGet(), tenantId, skus,
            CurrencyCodes.alpha(currency), CurrencyCodes.digits(currency), call);
        if (!streams.register(subscriber))
        {
            observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("streams: the engine serves as many price streams as it can")
                .asRuntimeException());
            return;
        }
        call.setOnReadyHandler(() -> streams.wake(subscriber));
        call.setOnCancelHandler(() -> streams.cancelled(subscriber));

        final long[] keys = new long[skus.length];
        for (int i = 0; i < skus.length; i++)
        {
            keys[i] = TextKeys.of(skus[i]);
        }
        final SubscribePricesCommand command = new SubscribePricesCommand(tenantId, subscriber.subscriptionId(), clock.nanoTime(),
            subscriber.subscriptionId(), currency, TextKeys.of(request.getSegment()), TextKeys.of(request.getChannel()), keys);
        if (!publisher.publish(tenantId, command, new SubscriptionListener(streams, subscriber), observer))
        {
            streams.forget(subscriber);
        }
    }

    private Status skus(final StreamPricesRequest request)
    {
        final int count = request.getSkusCount();
        if (count == 0 || count > maxSkusPerStream)
        {
            return GrpcStatuses.invalid("skus", "must list 1 to " + maxSkusPerStream + " SKUs, listed " + count);
        }
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++)
        {
            final String sku = request.getSkus(i);
            final Status invalid = PricingFields.sku("skus[" + i + "]", sku);
            if (invalid != null)
            {
                return invalid;
            }
            if (!seen.add(sku))
            {
                return GrpcStatuses.invalid("skus[" + i + "]", GrpcStatuses.quoted(sku) + " is listed twice");
            }
        }
        return null;
    }

    /**
     * Checks a quote request field by field and, when every field is valid, encodes it into the
     * command as this front publishes it (except its ingress time and idempotency key).
     *
     * @return null when valid; otherwise INVALID_ARGUMENT naming the field.
     */
    public static Status adapt(final QuoteRequest request, final QuoteCommand command)
    {
        Status invalid = GrpcStatuses.first(
            PricingFields.tenant(request.getTenantId()),
            PricingFields.sku("sku", request.getSku()),
            PricingFields.quantity("quantity", request.getQuantity()),
            PricingFields.keyword("segment", request.getSegment()),
            PricingFields.keyword("channel", request.getChannel()));
        final int currency = PricingFields.currency(request.getCurrency());
        if (invalid == null && currency < 0)
        {
            invalid = PricingFields.currencyError("currency", request.getCurrency());
        }
        if (invalid != null)
        {
            return invalid;
        }
        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        command.skuKey = TextKeys.of(request.getSku());
        command.quantity = request.getQuantity();
        command.currency = currency;
        command.segmentKey = TextKeys.of(request.getSegment());
        command.channelKey = TextKeys.of(request.getChannel());
        return null;
    }

    /**
     * Checks a batch of market events field by field and, when every field is valid, encodes it into
     * the command as this front publishes it (except its ingress time and idempotency key).
     *
     * @return null when valid; otherwise INVALID_ARGUMENT naming the field.
     */
    public static Status adapt(final MarketDataBatch request, final MarketDataCommand command)
    {
        final Status tenant = PricingFields.tenant(request.getTenantId());
        if (tenant != null)
        {
            return tenant;
        }
        final int count = request.getEventsCount();
        if (count == 0 || count > MarketDataCommand.MAX_EVENTS)
        {
            return GrpcStatuses.invalid("events", "a batch holds 1 to " + MarketDataCommand.MAX_EVENTS + " events, had " + count);
        }
        command.clear();
        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        for (int i = 0; i < count; i++)
        {
            final Status invalid = add(request.getEvents(i), "events[" + i + "].", command);
            if (invalid != null)
            {
                return invalid;
            }
        }
        return null;
    }

    private static Status add(final MarketEvent event, final String path, final MarketDataCommand command)
    {
        switch (event.getEventCase())
        {
            case DEMAND:
            {
                final Status invalid = PricingFields.sku(path + "demand.sku", event.getDemand().getSku());
                if (invalid != null)
                {
                    return invalid;
                }
                command.demand(TextKeys.of(event.getDemand().getSku()), event.getDemand().getUnits());
                return null;
            }
            case INVENTORY:
            {
                final Status invalid = PricingFields.sku(path + "inventory.sku", event.getInventory().getSku());
                if (invalid != null)
                {
                    return invalid;
                }
                command.inventory(TextKeys.of(event.getInventory().getSku()), event.getInventory().getAvailable());
                return null;
            }
            case COMPETITOR_PRICE:
            {
                final var competitor = event.getCompetitorPrice();
                final int currency = PricingFields.currency(competitor.getCurrency());
                final Status invalid = GrpcStatuses.first(
                    PricingFields.sku(path + "competitor_price.sku", competitor.getSku()),
                    competitor.getCompetitor().isEmpty() || competitor.getCompetitor().length() > PricingFields.MAX_KEYWORD
                        ? GrpcStatuses.invalid(path + "competitor_price.competitor", "must be 1 to 32 characters") : null,
                    currency < 0 ? PricingFields.currencyError(path + "competitor_price.currency", competitor.getCurrency()) : null);
                if (invalid != null)
                {
                    return invalid;
                }
                command.competitorPrice(TextKeys.of(competitor.getSku()), TextKeys.of(competitor.getCompetitor()), competitor.getPrice(),
                    currency);
                return null;
            }
            case FX_RATE:
            {
                final var fx = event.getFxRate();
                final int base = PricingFields.currency(fx.getBaseCurrency());
                final int quote = PricingFields.currency(fx.getQuoteCurrency());
                final long rate = PricingFields.rateNanos(fx.getMidRate());
                final Status invalid = GrpcStatuses.first(
                    base < 0 ? PricingFields.currencyError(path + "fx_rate.base_currency", fx.getBaseCurrency()) : null,
                    quote < 0 ? PricingFields.currencyError(path + "fx_rate.quote_currency", fx.getQuoteCurrency()) : null,
                    rate < 0 ? GrpcStatuses.invalid(path + "fx_rate.mid_rate",
                        "must be a positive decimal with at most 9 decimals, such as \"1.08345\", was "
                            + GrpcStatuses.quoted(fx.getMidRate())) : null);
                if (invalid != null)
                {
                    return invalid;
                }
                command.fxRate(base, quote, rate);
                return null;
            }
            default:
                return GrpcStatuses.invalid(path + "event", "required: demand, inventory, competitor_price or fx_rate");
        }
    }
}
