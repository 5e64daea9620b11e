package io.hotpath.workload;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hotpath.gateway.v1.CompetitorPriceEvent;
import io.hotpath.gateway.v1.DemandEvent;
import io.hotpath.gateway.v1.FxRateEvent;
import io.hotpath.gateway.v1.InventoryEvent;
import io.hotpath.gateway.v1.MarketDataBatch;
import io.hotpath.gateway.v1.MarketEvent;
import io.hotpath.gateway.v1.QuoteRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic pricing traffic for the demo, shaped like a European electronics and grocery retailer:
 * mostly retail customers on the web and the app buying groceries by the basket and electronics one
 * at a time, business customers buying fleets, prices asked in euros mostly; demand for what is
 * quoted, stock that sells down and is restocked, competitors' prices near ours, FX rates that
 * drift. The SKUs are read from the example price book, so the two cannot disagree.
 *
 * <p>Client side only: the engine's own randomness comes from commands, never from here.
 */
public final class PricingTraffic
{
    /** Currencies the demo publishes rates for, with a plausible mid rate per euro. */
    static final String[][] RATES = {{"USD", "1.0832"}, {"GBP", "0.8551"}, {"CHF", "0.9405"}, {"SEK", "11.412"},
        {"JPY", "162.41"}, {"KWD", "0.33215"}};

    private static final String[] CURRENCIES = {"EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "USD", "USD", "GBP", "CHF", "SEK", "JPY",
        "KWD"};
    private static final String[] CHANNELS = {"web", "web", "web", "web", "web", "app", "app", "app", "store", "marketplace"};
    private static final String[] COMPETITORS = {"amazon", "mediamarkt", "otto", "carrefour"};

    private final SplittableRandom random;
    private final int tenants;
    private final List<String> skus = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private final List<Long> prices = new ArrayList<>();
    private final double[] rates = new double[RATES.length];

    /**
     * @param book the price book the tenants use (HOCON text).
     */
    public PricingTraffic(final long seed, final int tenants, final String book)
    {
        this.random = new SplittableRandom(seed);
        this.tenants = tenants;
        for (final Config sku : ConfigFactory.parseString(book).getConfigList("skus"))
        {
            skus.add(sku.getString("sku"));
            groups.add(sku.hasPath("group") ? sku.getString("group") : "");
            prices.add(sku.getLong("price"));
        }
        for (int i = 0; i < RATES.length; i++)
        {
            rates[i] = Double.parseDouble(RATES[i][1]);
        }
    }

    public int skuCount()
    {
        return skus.size();
    }

    public String sku(final int index)
    {
        return skus.get(index);
    }

    public long tenant()
    {
        return 1 + random.nextInt(tenants);
    }

    /**
     * @return a quote: a SKU (groceries ten times as often as the rest), a quantity that suits
     *         it, a currency, and who is asking, through which channel.
     */
    public synchronized QuoteRequest quote(final long correlationId)
    {
        final int sku = pickSku();
        final boolean grocery = "grocery".equals(groups.get(sku)) || "household".equals(groups.get(sku));
        final double who = random.nextDouble();
        final String segment = who < 0.72 ? "retail" : who < 0.92 ? "business" : who < 0.97 ? "vip" : "employee";
        final long quantity = grocery ? 1 + random.nextInt(random.nextDouble() < 0.1 ? 150 : 12)
            : "business".equals(segment) && random.nextDouble() < 0.3 ? 5 + random.nextInt(60) : 1 + random.nextInt(2);
        return QuoteRequest.newBuilder()
            .setTenantId(tenant())
            .setSku(skus.get(sku))
            .setQuantity(quantity)
            .setCurrency(CURRENCIES[random.nextInt(CURRENCIES.length)])
            .setSegment(segment)
            .setChannel(CHANNELS[random.nextInt(CHANNELS.length)])
            .setCorrelationId(correlationId)
            .build();
    }

    /**
     * @return a market data batch for one tenant: demand for a few SKUs, a stock level or two,
     *         sometimes a competitor's price near ours, sometimes an FX rate that drifted.
     */
    public synchronized MarketDataBatch market(final long tenantId)
    {
        final MarketDataBatch.Builder batch = MarketDataBatch.newBuilder().setTenantId(tenantId);
        for (int i = 1 + random.nextInt(4); i > 0; i--)
        {
            batch.addEvents(MarketEvent.newBuilder().setDemand(DemandEvent.newBuilder().setSku(skus.get(pickSku()))
                .setUnits(1 + random.nextInt(6))));
        }
        batch.addEvents(MarketEvent.newBuilder().setInventory(InventoryEvent.newBuilder().setSku(skus.get(random.nextInt(skus.size())))
            .setAvailable(random.nextInt(120))));
        if (random.nextDouble() < 0.3)
        {
            final int sku = random.nextInt(skus.size());
            batch.addEvents(MarketEvent.newBuilder().setCompetitorPrice(CompetitorPriceEvent.newBuilder()
                .setSku(skus.get(sku))
                .setCompetitor(COMPETITORS[random.nextInt(COMPETITORS.length)])
                .setPrice(Math.max(1, Math.round(prices.get(sku) * (0.94 + 0.12 * random.nextDouble()))))
                .setCurrency("EUR")));
        }
        if (random.nextDouble() < 0.6)
        {
            final int pair = random.nextInt(RATES.length);
            rates[pair] *= 1 + (random.nextDouble() - 0.5) * 0.002;
            batch.addEvents(fx(RATES[pair][0], rates[pair]));
        }
        return batch.build();
    }

    /**
     * @return a batch that puts the EUR/USD rate {@code move} (a fraction) away from the rate the
     *         traffic last published, as a volatile market does.
     */
    public synchronized MarketDataBatch usdJump(final long tenantId, final double move)
    {
        return MarketDataBatch.newBuilder().setTenantId(tenantId).addEvents(fx("USD", rates[0] * (1 + move))).build();
    }

    /**
     * @return every rate, for a tenant's first batch.
     */
    public MarketDataBatch allRates(final long tenantId)
    {
        final MarketDataBatch.Builder batch = MarketDataBatch.newBuilder().setTenantId(tenantId);
        for (int i = 0; i < RATES.length; i++)
        {
            batch.addEvents(fx(RATES[i][0], rates[i]));
        }
        return batch.build();
    }

    /**
     * @return {@code count} distinct SKUs for a stream.
     */
    public synchronized List<String> streamSkus(final int count)
    {
        final List<String> picked = new ArrayList<>();
        while (picked.size() < Math.min(count, skus.size()))
        {
            final String sku = skus.get(random.nextInt(skus.size()));
            if (!picked.contains(sku))
            {
                picked.add(sku);
            }
        }
        return picked;
    }

    public String streamCurrency(final int stream)
    {
        return stream % 3 == 0 ? "EUR" : RATES[stream % RATES.length][0];
    }

    private int pickSku()
    {
        while (true)
        {
            final int sku = random.nextInt(skus.size());
            final String group = groups.get(sku);
            if ("grocery".equals(group) || "household".equals(group) || random.nextInt(10) == 0)
            {
                return sku;
            }
        }
    }

    private static MarketEvent fx(final String currency, final double rate)
    {
        return MarketEvent.newBuilder().setFxRate(FxRateEvent.newBuilder()
            .setBaseCurrency("EUR")
            .setQuoteCurrency(currency)
            .setMidRate(BigDecimal.valueOf(rate).setScale(6, RoundingMode.HALF_EVEN).toPlainString().toUpperCase(Locale.ROOT)))
            .build();
    }
}
