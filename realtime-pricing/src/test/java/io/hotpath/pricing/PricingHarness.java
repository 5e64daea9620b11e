package io.hotpath.pricing;

import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.logic.Outbox;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MarketDataAppliedDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PriceLineKind;
import io.hotpath.core.sbe.PriceQuoteDecoder;
import io.hotpath.core.sbe.PriceStreamBindDecoder;
import io.hotpath.core.sbe.PriceStreamEndDecoder;
import io.hotpath.core.sbe.PriceStreamUpdateDecoder;
import io.hotpath.core.sbe.PricesSubscribedDecoder;
import io.hotpath.core.sbe.QuoteStatus;
import io.hotpath.core.sbe.QuoteValidatedDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.TickedDecoder;
import io.hotpath.core.shard.CommandSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Pricing fed one command at a time on the test thread, through the same decision stage the ring
 * runs, with an outbox that keeps what the logic stages: no threads, no ring, no sockets.
 */
final class PricingHarness
{
    static final long TENANT = 7;
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long NOW = at("2026-11-20T12:00:00Z");

    final List<StreamMessage> staged = new ArrayList<>();
    final PricingLogic pricing;
    final DecisionStage stage;
    final UnsafeBuffer command = new UnsafeBuffer(new byte[1 << 16]);
    final ExpandableArrayBuffer result = new ExpandableArrayBuffer(8192);
    final MessageHeaderDecoder header = new MessageHeaderDecoder();
    final QuoteCommand quote = new QuoteCommand();
    final ValidateQuoteCommand validate = new ValidateQuoteCommand();
    final MarketDataCommand market = new MarketDataCommand();
    long version;
    long correlation;

    record Line(PriceLineKind kind, String currency, long price, long factorPpm, String name)
    {
    }

    record Quote(ResultCode code, long quoteId, long unit, long total, long expiresAt, List<Line> lines, String failure)
    {
        Line line(final PriceLineKind kind)
        {
            return lines.stream().filter(line -> line.kind() == kind).findFirst().orElse(null);
        }

        List<PriceLineKind> kinds()
        {
            return lines.stream().map(Line::kind).toList();
        }
    }

    record Validation(QuoteStatus status, long unit, long total, String mismatch)
    {
    }

    record Applied(ResultCode code, int events, int moved, String failure)
    {
    }

    /**
     * What the logic staged in the outbox: a bind, an update or an end.
     */
    record StreamMessage(String type, long subscriptionId, int index, int watchId, long price, long previous, long engineSequence)
    {
    }

    PricingHarness()
    {
        this(new PricingLimits(1024, 64, 1024, 256, 100));
    }

    PricingHarness(final PricingLimits limits)
    {
        final Outbox outbox = this::keep;
        pricing = new PricingLogic(limits, outbox);
        stage = new DecisionStage(new EngineLogic(16, (id, sequence, hash, state, offset, length) -> true, pricing),
            (sequence, failure) -> failure.printStackTrace());
    }

    static long at(final String instant)
    {
        final Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * SECOND + parsed.getNano();
    }

    static int currency(final String alpha)
    {
        return CurrencyCodes.parse(alpha);
    }

    /**
     * @return null when applied, or the error.
     */
    String applyConfig(final long tenant, final String text)
    {
        final CommandSource source = new ControlCommand.ApplyConfig(
            tenant, ConfigDomain.PRICING, ++version, text.getBytes(StandardCharsets.UTF_8), "pricing-test.conf").source(version, NOW);
        decide(source);
        return failure();
    }

    String applyConfig(final String text)
    {
        return applyConfig(TENANT, text);
    }

    Quote quote(final String sku, final long quantity, final String currency, final long time)
    {
        return quote(sku, quantity, currency, time, q -> { });
    }

    Quote quote(final String sku, final long quantity, final String currency, final long time, final Consumer<QuoteCommand> customise)
    {
        quote.tenantId = TENANT;
        quote.correlationId = ++correlation;
        quote.ingressTime = time;
        quote.skuKey = TextKeys.of(sku);
        quote.quantity = quantity;
        quote.currency = currency(currency);
        quote.segmentKey = 0;
        quote.channelKey = 0;
        customise.accept(quote);
        decide(quote);
        if (header.templateId() == CommandFailedDecoder.TEMPLATE_ID)
        {
            final CommandFailedDecoder failed = new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header);
            return new Quote(failed.meta().code(), 0, 0, 0, 0, List.of(), failed.reason());
        }
        final PriceQuoteDecoder decoder = new PriceQuoteDecoder().wrapAndApplyHeader(result, 0, header);
        final long quoteId = decoder.quoteId();
        final long unit = decoder.unitPrice();
        final long total = decoder.totalPrice();
        final long expiresAt = decoder.expiresAt();
        final List<Line> lines = new ArrayList<>();
        for (final PriceQuoteDecoder.LinesDecoder line : decoder.lines())
        {
            final PriceLineKind kind = line.kind();
            final int code = line.currency();
            final long price = line.unitPrice();
            final long factor = line.factorPpm();
            lines.add(new Line(kind, java.util.Currency.getAvailableCurrencies().stream()
                .filter(c -> c.getNumericCode() == code).findFirst().orElseThrow().getCurrencyCode(), price, factor, line.name()));
        }
        return new Quote(ResultCode.OK, quoteId, unit, total, expiresAt, lines, null);
    }

    Quote quote(final String sku, final long time)
    {
        return quote(sku, 1, "EUR", time);
    }

    Validation validate(final long quoteId, final String sku, final long quantity, final String currency, final boolean consume,
        final long time)
    {
        return validate(TENANT, quoteId, sku, quantity, currency, consume, time);
    }

    Validation validate(final long tenant, final long quoteId, final String sku, final long quantity, final String currency,
        final boolean consume, final long time)
    {
        validate.tenantId = tenant;
        validate.correlationId = ++correlation;
        validate.ingressTime = time;
        validate.quoteId = quoteId;
        validate.skuKey = TextKeys.of(sku);
        validate.quantity = quantity;
        validate.currency = currency(currency);
        validate.consume = consume;
        decide(validate);
        final QuoteValidatedDecoder decoder = new QuoteValidatedDecoder().wrapAndApplyHeader(result, 0, header);
        final QuoteStatus status = decoder.status();
        final long unit = decoder.unitPrice();
        final long total = decoder.totalPrice();
        return new Validation(status, unit, total, decoder.mismatch());
    }

    /**
     * @param events fills the batch.
     */
    Applied market(final long time, final Consumer<MarketDataCommand> events)
    {
        market.clear();
        market.tenantId = TENANT;
        market.correlationId = ++correlation;
        market.ingressTime = time;
        events.accept(market);
        decide(market);
        if (header.templateId() == CommandFailedDecoder.TEMPLATE_ID)
        {
            final CommandFailedDecoder failed = new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header);
            return new Applied(failed.meta().code(), 0, 0, failed.reason());
        }
        final MarketDataAppliedDecoder applied = new MarketDataAppliedDecoder().wrapAndApplyHeader(result, 0, header);
        return new Applied(ResultCode.OK, applied.events(), applied.pricesMoved(), null);
    }

    Applied fx(final String base, final String quote, final String mid, final long time)
    {
        final long nanos = new java.math.BigDecimal(mid).movePointRight(9).longValueExact();
        return market(time, m -> m.fxRate(currency(base), currency(quote), nanos));
    }

    /**
     * @return null when subscribed, or the failure.
     */
    String subscribe(final long subscriptionId, final String currency, final long time, final String... skus)
    {
        final long[] keys = new long[skus.length];
        for (int i = 0; i < skus.length; i++)
        {
            keys[i] = TextKeys.of(skus[i]);
        }
        decide(new SubscribePricesCommand(TENANT, ++correlation, time, subscriptionId, currency(currency), 0, 0, keys));
        if (header.templateId() == PricesSubscribedDecoder.TEMPLATE_ID)
        {
            return null;
        }
        return failure();
    }

    void unsubscribe(final long subscriptionId, final long time)
    {
        final long correlationId = ++correlation;
        decide(buffer -> UnsubscribePricesCommand.encode(buffer, TENANT, correlationId, time, subscriptionId));
    }

    /**
     * @return prices the tick moved.
     */
    int tick(final long time)
    {
        decide(new ControlCommand.Tick().source(++correlation, time));
        return new TickedDecoder().wrapAndApplyHeader(result, 0, header).changes();
    }

    long stateHash()
    {
        return stage.stateHash();
    }

    List<StreamMessage> updates()
    {
        return staged.stream().filter(m -> m.type().equals("update")).toList();
    }

    void decide(final CommandSource source)
    {
        final int length = source.encodeCommand(command);
        stage.decide(command, length, result);
        header.wrap(result, 0);
    }

    String failure()
    {
        if (header.templateId() == CommandFailedDecoder.TEMPLATE_ID)
        {
            return new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header).reason();
        }
        return null;
    }

    ResultCode code()
    {
        return header.templateId() == CommandFailedDecoder.TEMPLATE_ID
            ? new CommandFailedDecoder().wrapAndApplyHeader(result, 0, header).meta().code() : ResultCode.OK;
    }

    private void keep(final long engineSequence, final DirectBuffer message, final int offset, final int length)
    {
        final MessageHeaderDecoder messageHeader = new MessageHeaderDecoder().wrap(message, offset);
        switch (messageHeader.templateId())
        {
            case PriceStreamBindDecoder.TEMPLATE_ID:
                final PriceStreamBindDecoder bind = new PriceStreamBindDecoder().wrapAndApplyHeader(message, offset, messageHeader);
                staged.add(new StreamMessage("bind", bind.subscriptionId(), bind.index(), bind.watchId(), bind.price(), 0, engineSequence));
                break;
            case PriceStreamUpdateDecoder.TEMPLATE_ID:
                final PriceStreamUpdateDecoder update = new PriceStreamUpdateDecoder().wrapAndApplyHeader(message, offset, messageHeader);
                staged.add(new StreamMessage("update", 0, 0, update.watchId(), update.price(), update.previousPrice(), engineSequence));
                break;
            default:
                final PriceStreamEndDecoder end = new PriceStreamEndDecoder().wrapAndApplyHeader(message, offset, messageHeader);
                staged.add(new StreamMessage("end", end.subscriptionId(), 0, 0, 0, 0, engineSequence));
                break;
        }
    }
}
