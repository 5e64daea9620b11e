package io.hotpath.workload;

import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.CardType;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.sbe.ThreeDsStatus;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.state.Mix;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.decision.FraudLabelCommand;
import io.hotpath.pricing.MarketDataCommand;
import io.hotpath.pricing.QuoteCommand;
import io.hotpath.pricing.SubscribePricesCommand;
import io.hotpath.pricing.ValidateQuoteCommand;
import io.hotpath.routing.OutcomeCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.MutableDirectBuffer;

/**
 * A deterministic stream of mixed engine commands for the engine's own tools and tests: the example
 * routing, fraud and pricing configs for each tenant, then payment decisions, processor outcomes,
 * fraud labels, quotes and their validations, market data, price subscriptions and ticks, with
 * command times that advance as a busy day's would. The same seed gives the same commands.
 *
 * <p>Not thread-safe. Each {@link #next} writes one command into the caller's buffer.
 */
public final class MixedWorkload
{
    private static final String[] SKUS = {
        "MILK-1L", "BREAD-SOURDOUGH", "COFFEE-BEANS-1KG", "PASTA-500G", "PHONE-CASE", "CABLE-USB-C", "EARBUDS", "TV-LED-43",
        "LAPTOP-13", "PHONE-PRO", "HOODIE", "BOOK-NOVEL"};
    private static final String[] CURRENCIES = {"EUR", "EUR", "EUR", "USD", "GBP", "JPY", "CHF"};
    private static final long[] BINS = {457173, 424242, 545454, 555555, 371449, 601100};
    private static final CardNetwork[] NETWORKS = {
        CardNetwork.VISA, CardNetwork.VISA, CardNetwork.MASTERCARD, CardNetwork.MASTERCARD, CardNetwork.AMEX, CardNetwork.DISCOVER};
    private static final String[] COUNTRIES = {"DE", "DE", "FR", "NL", "ES", "GB", "US"};

    private final SplittableRandom random;
    private final int tenants;
    private final List<ControlCommand> configs = new ArrayList<>();
    private final DecidePaymentCommand payment = new DecidePaymentCommand();
    private final OutcomeCommand outcome = new OutcomeCommand();
    private final FraudLabelCommand label = new FraudLabelCommand();
    private final QuoteCommand quote = new QuoteCommand();
    private final ValidateQuoteCommand validate = new ValidateQuoteCommand();
    private final MarketDataCommand market = new MarketDataCommand();
    private final long[] skuKeys = new long[SKUS.length];
    private final int[] currencies = new int[CURRENCIES.length];
    private long time;
    private long produced;
    private long subscriptions;
    private boolean decisionsOnly;

    /**
     * @param seed    the same seed gives the same commands.
     * @param tenants tenants the traffic spreads over, from 1.
     * @param start   command time of the first command, epoch nanoseconds.
     */
    public MixedWorkload(final long seed, final int tenants, final long start)
    {
        this.random = new SplittableRandom(seed);
        this.tenants = tenants;
        this.time = start;
        final byte[] routing = resource("/examples/routing-example.conf");
        final byte[] fraud = resource("/examples/fraud-example.conf");
        final byte[] pricing = resource("/examples/pricing-example.conf");
        for (long tenant = 1; tenant <= tenants; tenant++)
        {
            configs.add(new ControlCommand.ApplyConfig(tenant, ConfigDomain.ROUTING, 1, routing, "routing-example.conf"));
            configs.add(new ControlCommand.ApplyConfig(tenant, ConfigDomain.FRAUD, 1, fraud, "fraud-example.conf"));
            configs.add(new ControlCommand.ApplyConfig(tenant, ConfigDomain.PRICING, 1, pricing, "pricing-example.conf"));
        }
        for (int i = 0; i < SKUS.length; i++)
        {
            skuKeys[i] = TextKeys.of(SKUS[i]);
        }
        for (int i = 0; i < CURRENCIES.length; i++)
        {
            currencies[i] = CurrencyCodes.parse(CURRENCIES[i]);
        }
    }

    /**
     * After the set-up commands, writes payment decisions only: the traffic of a shard that does nothing else.
     *
     * @return this workload.
     */
    public MixedWorkload decisionsOnly()
    {
        decisionsOnly = true;
        return this;
    }

    /**
     * @return commands that set the tenants up (configs, then FX rates): the first commands {@link #next} writes.
     */
    public int setUpCommands()
    {
        return configs.size() + tenants;
    }

    /**
     * @return the command time of the last command written, epoch nanoseconds.
     */
    public long time()
    {
        return time;
    }

    /**
     * Writes the next command into {@code buffer} at offset 0.
     *
     * @return its length.
     */
    public int next(final MutableDirectBuffer buffer)
    {
        final long n = produced++;
        time += 1 + random.nextInt(2_000_000);
        if (n < configs.size())
        {
            final CommandSource source = configs.get((int)n).source(n, time);
            return source.encodeCommand(buffer);
        }
        if (n < setUpCommands())
        {
            return rates(1 + n - configs.size(), buffer);
        }
        final long tenant = 1 + random.nextInt(tenants);
        final double draw = random.nextDouble();
        if (decisionsOnly || draw < 0.34)
        {
            return payment(tenant, n, buffer);
        }
        if (draw < 0.52)
        {
            return outcome(tenant, buffer);
        }
        if (draw < 0.54)
        {
            return label(tenant, buffer);
        }
        if (draw < 0.80)
        {
            return quote(tenant, n, buffer);
        }
        if (draw < 0.85)
        {
            return validate(tenant, n, buffer);
        }
        if (draw < 0.985)
        {
            return market(tenant, buffer);
        }
        if (draw < 0.995)
        {
            return new SubscribePricesCommand(tenant, n, time, ++subscriptions, currencies[random.nextInt(currencies.length)], 0, 0,
                new long[] {skuKeys[random.nextInt(skuKeys.length)], skuKeys[random.nextInt(skuKeys.length)]}).encodeCommand(buffer);
        }
        return new ControlCommand.Tick().source(n, time).encodeCommand(buffer);
    }

    private int rates(final long tenant, final MutableDirectBuffer buffer)
    {
        market.clear();
        market.tenantId = tenant;
        market.ingressTime = time;
        market.fxRate(currencies[0], CurrencyCodes.parse("USD"), 1_083_200_000L);
        market.fxRate(currencies[0], CurrencyCodes.parse("GBP"), 855_100_000L);
        market.fxRate(currencies[0], CurrencyCodes.parse("JPY"), 162_410_000_000L);
        market.fxRate(currencies[0], CurrencyCodes.parse("CHF"), 940_500_000L);
        market.fxRate(currencies[0], CurrencyCodes.parse("SEK"), 11_412_000_000L);
        market.fxRate(currencies[0], CurrencyCodes.parse("KWD"), 332_150_000L);
        return market.encodeCommand(buffer);
    }

    private int payment(final long tenant, final long n, final MutableDirectBuffer buffer)
    {
        final int card = random.nextInt(BINS.length);
        final long customer = random.nextInt(50_000);
        final String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        payment.tenantId = tenant;
        payment.correlationId = n;
        payment.ingressTime = time;
        payment.paymentId = n;
        payment.amount = random.nextDouble() < 0.95 ? 500 + random.nextInt(20_000) : 50_000 + random.nextInt(500_000);
        payment.currency = currencies[random.nextInt(3)];
        payment.currencyDigits = 2;
        payment.network = NETWORKS[card];
        payment.cardType = random.nextDouble() < 0.7 ? CardType.CREDIT : CardType.DEBIT;
        payment.bin = (int)BINS[card];
        payment.binLength = 6;
        payment.last4 = (int)(customer % 10_000);
        payment.cardFingerprint = 0x5EED_0000_0000L + customer * 3 + random.nextInt(3);
        payment.issuerCountry = CountryCodes.parse(country);
        payment.customerCountry = payment.issuerCountry;
        payment.mcc = random.nextBoolean() ? 5411 : 5732;
        payment.channel = random.nextDouble() < 0.1 ? Channel.RECURRING : Channel.ECOMMERCE;
        payment.threeDs = random.nextDouble() < 0.6 ? ThreeDsStatus.AUTHENTICATED : ThreeDsStatus.NOT_ATTEMPTED;
        payment.customerKey = 0xC0_0000_0000L + customer;
        payment.emailKey = 0xE0_0000_0000L + customer;
        payment.deviceKey = 0xD0_0000_0000L + customer;
        payment.ipHigh = 0;
        payment.ipLow = 0xFFFF_0A00_0000L + customer;
        payment.clearMetadata();
        return payment.encodeCommand(buffer);
    }

    private int outcome(final long tenant, final MutableDirectBuffer buffer)
    {
        outcome.tenantId = tenant;
        outcome.correlationId = produced;
        outcome.ingressTime = time;
        outcome.paymentId = Math.max(setUpCommands(), produced - 1 - random.nextInt(40));
        outcome.processorKey = TextKeys.of(random.nextBoolean() ? "adyen" : "stripe");
        final double draw = random.nextDouble();
        outcome.outcome = draw < 0.9 ? Outcome.APPROVED : draw < 0.95 ? Outcome.SOFT_DECLINE : draw < 0.98 ? Outcome.HARD_DECLINE
            : Outcome.TIMEOUT;
        outcome.responseCodeKey = outcome.outcome == Outcome.SOFT_DECLINE ? TextKeys.of("05") : TextKeys.NONE;
        outcome.latencyMicros = 80_000 + random.nextInt(300_000);
        return outcome.encodeCommand(buffer);
    }

    private int label(final long tenant, final MutableDirectBuffer buffer)
    {
        final long customer = random.nextInt(50_000);
        label.tenantId = tenant;
        label.correlationId = produced;
        label.ingressTime = time;
        label.paymentId = produced - 1 - random.nextInt(1_000);
        label.label = random.nextDouble() < 0.7 ? FraudLabel.FRAUD : FraudLabel.LEGITIMATE;
        label.cardFingerprint = 0x5EED_0000_0000L + customer * 3;
        label.emailKey = 0xE0_0000_0000L + customer;
        label.deviceKey = 0xD0_0000_0000L + customer;
        return label.encodeCommand(buffer);
    }

    private int quote(final long tenant, final long n, final MutableDirectBuffer buffer)
    {
        quote.tenantId = tenant;
        quote.correlationId = n;
        quote.ingressTime = time;
        quote.skuKey = skuKeys[random.nextInt(skuKeys.length)];
        quote.quantity = 1 + random.nextInt(random.nextDouble() < 0.1 ? 60 : 4);
        quote.currency = currencies[random.nextInt(currencies.length)];
        quote.segmentKey = random.nextDouble() < 0.2 ? TextKeys.of("business") : 0;
        quote.channelKey = random.nextDouble() < 0.3 ? TextKeys.of("app") : 0;
        return quote.encodeCommand(buffer);
    }

    private int validate(final long tenant, final long n, final MutableDirectBuffer buffer)
    {
        validate.tenantId = tenant;
        validate.correlationId = n;
        validate.ingressTime = time;
        // Quote ids are mixes of engine sequences; the workload guesses recent ones, as a retrying client might.
        validate.quoteId = Mix.finalise(Math.max(1, n - random.nextInt(50)));
        validate.skuKey = skuKeys[random.nextInt(skuKeys.length)];
        validate.quantity = 1 + random.nextInt(4);
        validate.currency = currencies[random.nextInt(currencies.length)];
        validate.consume = random.nextBoolean();
        return validate.encodeCommand(buffer);
    }

    private int market(final long tenant, final MutableDirectBuffer buffer)
    {
        market.clear();
        market.tenantId = tenant;
        market.ingressTime = time;
        for (int i = 1 + random.nextInt(3); i > 0; i--)
        {
            market.demand(skuKeys[random.nextInt(skuKeys.length)], 1 + random.nextInt(5));
        }
        market.inventory(skuKeys[random.nextInt(skuKeys.length)], random.nextInt(80));
        if (random.nextDouble() < 0.3)
        {
            market.fxRate(currencies[0], CurrencyCodes.parse("USD"), 1_070_000_000L + random.nextInt(30_000_000));
        }
        return market.encodeCommand(buffer);
    }

    private static byte[] resource(final String name)
    {
        try (InputStream in = MixedWorkload.class.getResourceAsStream(name))
        {
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
