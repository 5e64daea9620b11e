package io.hotpath.pricing;

import io.hotpath.core.sbe.PriceLineKind;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.pricing.book.CompetitorPolicy;
import io.hotpath.pricing.book.DemandSettings;
import io.hotpath.pricing.book.EndingDirection;
import io.hotpath.pricing.book.Guardrails;
import io.hotpath.pricing.book.PriceAdjustment;
import io.hotpath.pricing.book.PriceBook;
import io.hotpath.pricing.book.PriceListEntry;
import io.hotpath.pricing.book.Promotion;
import io.hotpath.pricing.book.ScarcityCurve;
import io.hotpath.pricing.book.Sku;
import io.hotpath.pricing.book.SoldCurrency;
import io.hotpath.pricing.book.Stacking;
import io.hotpath.pricing.book.TierTable;
import io.hotpath.pricing.money.MulDiv;
import io.hotpath.pricing.state.FxRates;
import io.hotpath.pricing.state.SkuSignals;
import java.math.RoundingMode;

/**
 * Makes a price, step by step, each step a line of the breakdown. Unit prices, in minor units:
 *
 * <pre>
 *   base price of the SKU                              BASE
 *   first price list entry for the audience:
 *     a fixed price replaces it, signals skipped       CONTRACT_PRICE
 *   otherwise the market price:
 *     x demand factor                                  DEMAND
 *     x scarcity factor                                SCARCITY
 *     at most the lowest competitor x the policy       COMPETITOR
 *     within max-change of the anchored market price   MAX_CHANGE
 *     then the price list entry's adjustment           PRICE_LIST
 *   deepest quantity tier reached                      TIER
 *   promotions, best-of or additive up to the cap      PROMOTION, PROMOTION_CAP
 *   at least the floor, at most the ceiling            FLOOR, CEILING
 *   into the quote currency at mid + spread            FX
 *   moved to the currency's price ending               ENDING
 *   total = unit x quantity
 * </pre>
 *
 * Multipliers round half up to the minor unit; floors round up and caps down, so a guardrail is
 * never crossed by rounding; FX rounds by the book's stated mode. Everything is exact integer
 * arithmetic ({@link MulDiv}) on command time and shard state, so a replay reproduces every price.
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing.
 */
public final class Pricer
{
    /** Largest quantity priced. */
    public static final long MAX_QUANTITY = 1_000_000;

    private static final long PPM = 1_000_000;
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final double LN_2 = 0.6931471805599453;
    private static final long BASIS = 10_000;
    private static final long RATE_SCALE = 1_000_000_000L;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000};
    private static final String DEMAND = "demand";
    private static final String SCARCITY = "scarcity";
    private static final String MATCH = "match lowest competitor";
    private static final String COMPETITOR_CEILING = "competitor ceiling";
    private static final String MAX_CHANGE = "max change per interval";
    private static final String PROMOTION_CAP = "promotion cap";
    private static final String FLOOR = "floor";
    private static final String MARGIN_FLOOR = "cost + minimum margin";
    private static final String CEILING = "ceiling";
    private static final String TOTAL_TOO_LARGE = "quantity: the total exceeds the largest amount";
    private static final String OUT_OF_RANGE = "currency: the price is out of range in this currency";

    private final SkuSignals signals;
    private final FxRates rates;
    private final MulDiv mulDiv = new MulDiv();
    private boolean rateDirect;

    public Pricer(final SkuSignals signals, final FxRates rates)
    {
        this.signals = signals;
        this.rates = rates;
    }

    /**
     * Prices {@code quantity} units of a SKU for an audience at command time {@code now}.
     *
     * @return true when priced; otherwise {@code out} says why not.
     */
    public boolean price(
        final PriceBook book,
        final long tenantId,
        final int skuIndex,
        final long quantity,
        final SoldCurrency currency,
        final long segmentKey,
        final long channelKey,
        final long now,
        final PriceBreakdown out)
    {
        out.reset();
        final Sku sku = book.sku(skuIndex);
        final int bookCode = book.bookCurrency().code();
        out.line(PriceLineKind.BASE, bookCode, sku.price(), 0, sku.id());

        long price;
        final PriceListEntry entry = book.priceFor(skuIndex, segmentKey, channelKey);
        if (entry != null && entry.adjustment().fixed())
        {
            price = entry.adjustment().fixedPrice();
            out.line(PriceLineKind.CONTRACT_PRICE, bookCode, price, 0, entry.name());
        }
        else
        {
            price = marketPrice(book, tenantId, sku, now, out);
            if (entry != null)
            {
                price = multiply(price, entry.adjustment().multiplierPpm());
                out.line(PriceLineKind.PRICE_LIST, bookCode, price, entry.adjustment().multiplierPpm(), entry.name());
            }
        }

        final TierTable tiers = book.tiersFor(skuIndex, segmentKey, channelKey);
        final int tier = tiers == null ? -1 : tiers.tierFor(quantity);
        if (tier >= 0)
        {
            final PriceAdjustment adjustment = tiers.adjustments()[tier];
            price = adjustment.fixed() ? adjustment.fixedPrice() : multiply(price, adjustment.multiplierPpm());
            out.line(PriceLineKind.TIER, bookCode, price, adjustment.fixed() ? 0 : adjustment.multiplierPpm(), tiers.tierNames()[tier]);
        }

        price = promotions(book, skuIndex, quantity, segmentKey, channelKey, now, price, out);

        final long floor = Math.max(sku.floor(), sku.marginFloor());
        if (price < floor)
        {
            price = floor;
            out.line(PriceLineKind.FLOOR, bookCode, price, 0, sku.floor() >= sku.marginFloor() ? FLOOR : MARGIN_FLOOR);
        }
        if (sku.ceiling() > 0 && price > sku.ceiling())
        {
            price = sku.ceiling();
            out.line(PriceLineKind.CEILING, bookCode, price, 0, CEILING);
        }

        long floorInCurrency = floor;
        long ceilingInCurrency = sku.ceiling() > 0 ? sku.ceiling() : Long.MAX_VALUE;
        if (currency.code() != bookCode)
        {
            final int rate = rateSlot(book, tenantId, bookCode, currency.code(), now);
            if (rate < 0)
            {
                return out.fail(ResultCode.FAILED_PRECONDITION, rate == NO_RATE ? currency.noRate() : currency.staleRate());
            }
            final boolean direct = rateDirect;
            final SoldCurrency from = book.bookCurrency();
            final int spread = currency.spreadBps();
            price = convert(rate, direct, price, from, currency, spread, book.fxRounding());
            if (price == MulDiv.OVERFLOW)
            {
                return out.fail(ResultCode.INVALID_ARGUMENT, OUT_OF_RANGE);
            }
            out.line(PriceLineKind.FX, currency.code(), price, effectiveRatePpm(rate, direct, spread), currency.fxName());
            if (currency.hasEnding())
            {
                floorInCurrency = floor == 0 ? 0 : convert(rate, direct, floor, from, currency, spread, RoundingMode.CEILING);
                ceilingInCurrency = sku.ceiling() == 0 ? Long.MAX_VALUE : convert(rate, direct, sku.ceiling(), from, currency, spread,
                    RoundingMode.FLOOR);
                if (ceilingInCurrency == MulDiv.OVERFLOW)
                {
                    ceilingInCurrency = Long.MAX_VALUE;
                }
            }
        }

        if (currency.hasEnding())
        {
            final long ended = ending(price, currency, book.endingDirection(), book.endingMaxMovePpm(), floorInCurrency, ceilingInCurrency);
            if (ended != price)
            {
                price = ended;
                out.line(PriceLineKind.ENDING, currency.code(), price, 0, currency.endingName());
            }
        }

        if (price > Long.MAX_VALUE / quantity)
        {
            return out.fail(ResultCode.INVALID_ARGUMENT, TOTAL_TOO_LARGE);
        }
        out.priced(price, price * quantity);
        return true;
    }

    /**
     * The SKU's market price in the book currency: its base price moved by demand, scarcity and
     * competitors, within the max-change band. The same for every customer; price lists, tiers
     * and promotions come after.
     */
    long marketPrice(final PriceBook book, final long tenantId, final Sku sku, final long now, final PriceBreakdown out)
    {
        long price = sku.price();
        final int slot = signals.find(tenantId, sku.key());
        if (slot < 0)
        {
            return price;
        }
        final int bookCode = book.bookCurrency().code();
        final DemandSettings demand = book.demand();
        if (demand != null && signals.hasDemand(slot))
        {
            final long factor = demandFactor(demand, sku, slot, now);
            if (factor != PPM)
            {
                price = multiply(price, factor);
                out.line(PriceLineKind.DEMAND, bookCode, price, factor, DEMAND);
            }
        }
        final ScarcityCurve scarcity = book.scarcity();
        if (scarcity != null)
        {
            final long stock = signals.stock(slot);
            final long factor = stock == SkuSignals.UNKNOWN_STOCK ? scarcity.unknownPpm() : scarcity.factorAt(stock);
            if (factor != PPM)
            {
                price = multiply(price, factor);
                out.line(PriceLineKind.SCARCITY, bookCode, price, factor, SCARCITY);
            }
        }
        final CompetitorPolicy competitors = book.competitors();
        if (competitors.mode() != CompetitorPolicy.Mode.OFF)
        {
            final long lowest = lowestCompetitor(book, tenantId, slot, competitors.maxAge(), now);
            if (lowest > 0)
            {
                final long cap = MulDiv.scale(lowest, competitors.limitPpm(), PPM, RoundingMode.FLOOR);
                if (price > cap)
                {
                    price = cap;
                    out.line(PriceLineKind.COMPETITOR, bookCode, price, competitors.limitPpm(),
                        competitors.mode() == CompetitorPolicy.Mode.MATCH ? MATCH : COMPETITOR_CEILING);
                }
            }
        }
        final Guardrails guardrails = book.guardrails();
        if (guardrails.maxChangePpm() > 0 && signals.anchorTime(slot) != SkuSignals.NEVER)
        {
            final long anchored = multiply(sku.price(), signals.anchorFactor(slot));
            final long low = MulDiv.scale(anchored, PPM - guardrails.maxChangePpm(), PPM, RoundingMode.CEILING);
            final long high = MulDiv.scale(anchored, PPM + guardrails.maxChangePpm(), PPM, RoundingMode.FLOOR);
            if (price < low || price > high)
            {
                price = price < low ? low : high;
                out.line(PriceLineKind.MAX_CHANGE, bookCode, price, 0, MAX_CHANGE);
            }
        }
        return price;
    }

    /**
     * Moves the SKU's max-change anchor to its current market price when the interval it was set
     * in has passed (or it has none): called before each market event the SKU receives.
     */
    void refreshAnchor(
        final PriceBook book, final long tenantId, final Sku sku, final int slot, final long now, final PriceBreakdown scratch)
    {
        final Guardrails guardrails = book.guardrails();
        final long anchorTime = signals.anchorTime(slot);
        if (guardrails.maxChangePpm() == 0 || (anchorTime != SkuSignals.NEVER && now - anchorTime < guardrails.changeInterval()))
        {
            return;
        }
        scratch.reset();
        final long market = marketPrice(book, tenantId, sku, now, scratch);
        signals.anchor(slot, MulDiv.scale(market, PPM, sku.price(), RoundingMode.HALF_UP), now);
    }

    /**
     * @return {@code amount} of {@code from} in {@code to} at the mid rate, with no spread,
     *         rounded half up; -1 if no rate prices it.
     */
    long atMid(final PriceBook book, final long tenantId, final long amount, final SoldCurrency from, final SoldCurrency to, final long now)
    {
        if (from.code() == to.code())
        {
            return amount;
        }
        final int rate = rateSlot(book, tenantId, from.code(), to.code(), now);
        return rate < 0 ? -1 : convert(rate, rateDirect, amount, from, to, 0, RoundingMode.HALF_UP);
    }

    private long demandFactor(final DemandSettings demand, final Sku sku, final int slot, final long now)
    {
        final double level = signals.demandLevel(slot, now, demand.halfLife());
        final double perHour = level * LN_2 * NANOS_PER_HOUR / demand.halfLife();
        final double baseline = (sku.demandBaseline() > 0 ? sku.demandBaseline() : demand.baseline()) / (double)PPM;
        final double factor = 1.0 + demand.sensitivity() / (double)PPM * (perHour / baseline - 1.0);
        final long ppm = Math.round(factor * PPM);
        return Math.max(demand.minPpm(), Math.min(demand.maxPpm(), ppm));
    }

    private long lowestCompetitor(final PriceBook book, final long tenantId, final int slot, final long maxAge, final long now)
    {
        long lowest = 0;
        for (int i = 0; i < SkuSignals.COMPETITORS; i++)
        {
            if (signals.competitorKey(slot, i) == 0 || now - signals.competitorTime(slot, i) > maxAge)
            {
                continue;
            }
            final SoldCurrency from = book.currency(signals.competitorCurrency(slot, i));
            final long price = from == null ? -1 : atMid(book, tenantId, signals.competitorPrice(slot, i), from, book.bookCurrency(), now);
            if (price > 0 && (lowest == 0 || price < lowest))
            {
                lowest = price;
            }
        }
        return lowest;
    }

    private long promotions(
        final PriceBook book,
        final int skuIndex,
        final long quantity,
        final long segmentKey,
        final long channelKey,
        final long now,
        final long before,
        final PriceBreakdown out)
    {
        final Stacking stacking = book.stacking();
        final int bookCode = book.bookCurrency().code();
        if (!stacking.additive())
        {
            int best = -1;
            long bestOff = 0;
            for (int i = 0; i < book.promotionCount(); i++)
            {
                final Promotion promotion = book.promotion(i);
                if (promotion.appliesTo(skuIndex, quantity, segmentKey, channelKey, now))
                {
                    final long off = discount(promotion, before);
                    if (off > bestOff)
                    {
                        best = i;
                        bestOff = off;
                    }
                }
            }
            if (best < 0)
            {
                return before;
            }
            final Promotion promotion = book.promotion(best);
            out.line(PriceLineKind.PROMOTION, bookCode, before - bestOff, factor(promotion), promotion.name());
            return before - bestOff;
        }
        long total = 0;
        for (int i = 0; i < book.promotionCount(); i++)
        {
            final Promotion promotion = book.promotion(i);
            if (promotion.appliesTo(skuIndex, quantity, segmentKey, channelKey, now))
            {
                total = Math.min(before, total + discount(promotion, before));
                out.line(PriceLineKind.PROMOTION, bookCode, before - total, factor(promotion), promotion.name());
            }
        }
        final long cap = MulDiv.scale(before, stacking.capPpm(), PPM, RoundingMode.FLOOR);
        if (total > cap)
        {
            total = cap;
            out.line(PriceLineKind.PROMOTION_CAP, bookCode, before - total, PPM - stacking.capPpm(), PROMOTION_CAP);
        }
        return before - total;
    }

    private static long discount(final Promotion promotion, final long price)
    {
        return promotion.percentPpm() > 0
            ? MulDiv.scale(price, promotion.percentPpm(), PPM, RoundingMode.HALF_UP)
            : Math.min(price, promotion.amountOff());
    }

    private static long factor(final Promotion promotion)
    {
        return promotion.percentPpm() > 0 ? PPM - promotion.percentPpm() : 0;
    }

    private static final int NO_RATE = -1;
    private static final int STALE_RATE = -2;

    /**
     * Finds the rate between two currencies, quoted either way round; the newer wins.
     *
     * @return the rate's slot, {@link #NO_RATE} or {@link #STALE_RATE}; {@link #rateDirect} says
     *         whether it is quoted from {@code from} to {@code to}.
     */
    private int rateSlot(final PriceBook book, final long tenantId, final int from, final int to, final long now)
    {
        final int direct = rates.find(tenantId, from, to);
        final int inverse = rates.find(tenantId, to, from);
        final int slot = direct < 0 ? inverse : inverse < 0 || rates.time(direct) >= rates.time(inverse) ? direct : inverse;
        if (slot < 0)
        {
            return NO_RATE;
        }
        rateDirect = slot == direct;
        return book.fxMaxAge() > 0 && now - rates.time(slot) > book.fxMaxAge() ? STALE_RATE : slot;
    }

    /**
     * {@code amount} minor units of {@code from} into minor units of {@code to}, rounded once by
     * {@code mode}, at the rate in {@code slot} plus {@code spreadBps}:
     *
     * <pre>
     *   quoted from -&gt; to, rate r:  amount x r x (10,000 + spread) x 10^dt / (10^9 x 10,000 x 10^df)
     *   quoted to -&gt; from, rate r:  amount x 10^5 x (10,000 + spread) x 10^dt / (r x 10^df)
     * </pre>
     *
     * where df and dt are the currencies' minor-unit digits, of which only the difference is applied.
     *
     * @return the amount, or {@link MulDiv#OVERFLOW} if it does not fit in a long.
     */
    private long convert(
        final int slot,
        final boolean direct,
        final long amount,
        final SoldCurrency from,
        final SoldCurrency to,
        final int spreadBps,
        final RoundingMode mode)
    {
        final int digits = to.digits() - from.digits();
        final long up = digits > 0 ? POWERS_OF_TEN[digits] : 1;
        final long down = digits < 0 ? POWERS_OF_TEN[-digits] : 1;
        final long rate = rates.rate(slot);
        mulDiv.of(amount).times(BASIS + spreadBps).times(up);
        return direct
            ? mulDiv.times(rate).over(RATE_SCALE * BASIS * down, mode)
            : mulDiv.times(RATE_SCALE / BASIS).over(rate * down, mode);
    }

    /**
     * @return the rate in {@code slot} with the spread, in millionths of {@code to} per unit of
     *         {@code from}: what the FX line of a breakdown shows.
     */
    private long effectiveRatePpm(final int slot, final boolean direct, final int spreadBps)
    {
        final long rate = rates.rate(slot);
        return direct
            ? MulDiv.scale(rate, BASIS + spreadBps, BASIS * 1_000, RoundingMode.HALF_UP)
            : MulDiv.scale(RATE_SCALE * PPM / BASIS, BASIS + spreadBps, rate, RoundingMode.HALF_UP);
    }

    private long multiply(final long price, final long factorPpm)
    {
        return MulDiv.scale(price, factorPpm, PPM, RoundingMode.HALF_UP);
    }

    private static long ending(final long price, final SoldCurrency currency, final EndingDirection direction, final long maxMovePpm,
        final long floor, final long ceiling)
    {
        final long maxMove = MulDiv.scale(price, maxMovePpm, PPM, RoundingMode.FLOOR);
        final long step = currency.step();
        final long down = Math.floorDiv(price - currency.ending(), step) * step + currency.ending();
        final long up = down == price ? price : down + step;
        final long preferred;
        final long other;
        switch (direction)
        {
            case UP:
                preferred = up;
                other = down;
                break;
            case NEAREST:
                preferred = price - down < up - price ? down : up;
                other = preferred == up ? down : up;
                break;
            default:
                preferred = down;
                other = up;
                break;
        }
        if (allowed(preferred, price, maxMove, floor, ceiling))
        {
            return preferred;
        }
        return allowed(other, price, maxMove, floor, ceiling) ? other : price;
    }

    private static boolean allowed(final long ended, final long price, final long maxMove, final long floor, final long ceiling)
    {
        return ended >= 1 && ended >= floor && ended <= ceiling && Math.abs(ended - price) <= maxMove;
    }
}
