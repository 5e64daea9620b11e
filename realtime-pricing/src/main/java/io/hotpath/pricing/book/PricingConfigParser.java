package io.hotpath.pricing.book;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.config.ConfigNode;
import io.hotpath.core.config.ConfigProblem;
import io.hotpath.pricing.money.MulDiv;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a tenant's pricing config (HOCON) into a {@link PriceBook}, or says exactly what is wrong
 * with it: the origin, the line, the field and the problem. The format, with every field, is in
 * {@code realtime-pricing/README.md}.
 */
public final class PricingConfigParser
{
    /** Highest price, cost, floor or ceiling: a billion major units of a two-digit currency. */
    public static final long MAX_PRICE = 100_000_000_000L;
    /** Most SKUs in one book. */
    public static final int MAX_SKUS = 50_000;
    /** Most promotions in one book; with the other lines, a breakdown stays within one result. */
    public static final int MAX_PROMOTIONS = 24;
    /** Longest rule name, so breakdowns stay within one result. */
    public static final int MAX_NAME = 48;
    private static final int MAX_ENTRIES = 256;
    private static final int MAX_TIERS = 16;
    private static final int MAX_CURVE_POINTS = 16;
    private static final int MAX_CURRENCIES = 32;
    private static final int MAX_AUDIENCE = 64;
    private static final long MAX_FACTOR_PPM = 10_000_000;
    private static final long MAX_STOCK = 1_000_000_000L;
    private static final long PPM = 1_000_000;
    private static final Pattern SKU_ID = Pattern.compile("[A-Za-z0-9_.:/#-]{1,64}");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern NAME = Pattern.compile("[ -~]{1,48}");
    private static final String DEFAULTS = String.join("\n",
        "stacking { policy = best-of, cap = \"100%\" }",
        "guardrails { min-margin = \"0%\", max-change = \"0%\", per = 1h }",
        "fx { rounding = half-up, max-age = 24h }",
        "endings { direction = down, max-move = \"10%\" }",
        "quotes { ttl = 5m }",
        "stream { threshold = \"0.1%\", max-subscriptions = 100 }",
        "segments = [], channels = [], price-list = [], tiers = [], promotions = [], currencies {}");

    private final PriceBook.Builder book = new PriceBook.Builder();
    private final Map<String, Integer> skuIds = new HashMap<>();
    private final Map<String, List<Integer>> groups = new HashMap<>();
    private final Set<Long> segmentKeys = new HashSet<>();
    private final Set<Long> channelKeys = new HashSet<>();

    private PricingConfigParser()
    {
    }

    /**
     * @param text    the config document.
     * @param origin  where it came from, named in errors.
     * @param version the config version it is applied as.
     */
    public static PriceBook parse(final String text, final String origin, final long version) throws ConfigProblem
    {
        final String name = origin == null || origin.isEmpty() ? "pricing config" : origin;
        return new PricingConfigParser().read(ConfigNode.parse(text, name, DEFAULTS), version);
    }

    private PriceBook read(final ConfigNode root, final long version) throws ConfigProblem
    {
        book.version = version;
        book.segments = keywords(root.get("segments"), segmentKeys, "segment");
        book.channels = keywords(root.get("channels"), channelKeys, "channel");
        book.guardrails = guardrails(root.get("guardrails"));
        currencies(root);
        catalogue(root.get("skus"));
        book.priceList = priceList(root.get("price-list"));
        book.tiers = tiers(root.get("tiers"));
        book.promotions = promotions(root.get("promotions"));
        book.stacking = stacking(root.get("stacking"));
        book.demand = root.has("demand") ? demand(root.get("demand")) : null;
        book.scarcity = root.has("scarcity") ? scarcity(root.get("scarcity")) : null;
        book.competitors = root.has("competitors") ? competitors(root.get("competitors")) : CompetitorPolicy.OFF;
        final ConfigNode fx = root.get("fx");
        book.fxRounding = rounding(fx.get("rounding"));
        final String maxAge = fx.get("max-age").string().trim();
        book.fxMaxAge = "0".equals(maxAge) || "off".equals(maxAge) ? 0 : fx.get("max-age").nanos();
        book.endingDirection = root.get("endings").get("direction").enumValue(EndingDirection.class, "direction");
        book.endingMaxMovePpm = root.get("endings").get("max-move").percentPpm(0, PPM);
        book.quoteTtl = bounded(root.get("quotes").get("ttl"), 1_000_000_000L, 86_400_000_000_000L, "1s and 24h");
        final ConfigNode stream = root.get("stream");
        book.streamThresholdPpm = stream.get("threshold").percentPpm(0, PPM);
        book.maxSubscriptions = stream.get("max-subscriptions").intValue(1, 10_000);
        return book.build();
    }

    private void currencies(final ConfigNode root) throws ConfigProblem
    {
        final ConfigNode bookNode = root.get("currency");
        final String bookAlpha = alpha(bookNode);
        final ConfigNode sold = root.get("currencies");
        final Map<String, ConfigNode> terms = new LinkedHashMap<>();
        for (final String key : sold.keys())
        {
            final ConfigNode keyNode = sold.keyOf(key);
            terms.put(alpha(keyNode), sold.get(key));
        }
        if (terms.size() + 1 > MAX_CURRENCIES)
        {
            throw sold.error("at most " + MAX_CURRENCIES + " currencies");
        }
        final List<SoldCurrency> currencies = new ArrayList<>();
        book.bookCurrency = soldCurrency(bookAlpha, bookAlpha, terms.remove(bookAlpha), true);
        currencies.add(book.bookCurrency);
        for (final Map.Entry<String, ConfigNode> entry : terms.entrySet())
        {
            currencies.add(soldCurrency(entry.getKey(), bookAlpha, entry.getValue(), false));
        }
        book.currencies = currencies.toArray(new SoldCurrency[0]);
    }

    private static SoldCurrency soldCurrency(final String alpha, final String bookAlpha, final ConfigNode node, final boolean isBook)
        throws ConfigProblem
    {
        final Currency currency = Currency.getInstance(alpha);
        int spread = 0;
        long ending = -1;
        long step = 0;
        if (node != null)
        {
            for (final String key : node.keys())
            {
                if (!"spread-bps".equals(key) && !"ending".equals(key))
                {
                    throw node.get(key).error("unknown field; a currency has spread-bps and ending");
                }
            }
            if (node.has("spread-bps"))
            {
                if (isBook)
                {
                    throw node.get("spread-bps").error("the book currency is not converted, so it has no spread");
                }
                spread = node.get("spread-bps").intValue(0, 5_000);
            }
            if (node.has("ending"))
            {
                final ConfigNode endingNode = node.get("ending");
                if (endingNode.isObject())
                {
                    ending = endingNode.get("value").longValue(0, 1_000_000);
                    step = endingNode.get("step").longValue(2, 10_000_000);
                }
                else
                {
                    ending = endingNode.longValue(0, 1_000_000);
                    step = 10;
                    while (step <= ending)
                    {
                        step *= 10;
                    }
                }
                if (ending >= step)
                {
                    throw endingNode.error("the ending " + ending + " must be below its step " + step);
                }
            }
        }
        final String fxName = isBook ? "" : bookAlpha + "->" + alpha + " mid +" + spread + " bps";
        final String endingName = ending < 0 ? "" : "ends in " + ending + " per " + step;
        return new SoldCurrency(currency.getNumericCode(), alpha, Math.max(0, currency.getDefaultFractionDigits()), spread, ending, step,
            fxName, endingName, "currency: no FX rate between " + bookAlpha + " and " + alpha + " has arrived",
            "currency: the " + bookAlpha + "/" + alpha + " FX rate is older than fx.max-age");
    }

    private static String alpha(final ConfigNode node) throws ConfigProblem
    {
        final String text = node.string().trim().toUpperCase(Locale.ROOT);
        try
        {
            final Currency currency = Currency.getInstance(text);
            if (currency.getNumericCode() <= 0)
            {
                throw node.error("currency \"" + text + "\" has no ISO 4217 numeric code");
            }
            return currency.getCurrencyCode();
        }
        catch (final IllegalArgumentException ex)
        {
            throw node.error("unknown currency \"" + node.string() + "\"");
        }
    }

    private void catalogue(final ConfigNode node) throws ConfigProblem
    {
        final List<ConfigNode> entries = node.list();
        if (entries.isEmpty() || entries.size() > MAX_SKUS)
        {
            throw node.error("must list 1 to " + MAX_SKUS + " SKUs");
        }
        final Map<Long, String> keys = new HashMap<>();
        final Sku[] skus = new Sku[entries.size()];
        for (int i = 0; i < skus.length; i++)
        {
            final ConfigNode entry = entries.get(i);
            final ConfigNode idNode = entry.get("sku");
            final String id = idNode.string();
            if (!SKU_ID.matcher(id).matches())
            {
                throw idNode.error("must be 1 to 64 letters, digits or any of _ . : / # -, was \"" + id + "\"");
            }
            final long key = TextKeys.of(id);
            final String clash = keys.putIfAbsent(key, id);
            if (clash != null)
            {
                throw idNode.error(clash.equals(id) ? "SKU \"" + id + "\" is listed twice"
                    : "SKU \"" + id + "\" has the same 64-bit key as \"" + clash + "\"; rename one");
            }
            skus[i] = sku(entry, id, key, i);
            skuIds.put(id, i);
            if (!skus[i].group().isEmpty())
            {
                groups.computeIfAbsent(skus[i].group(), g -> new ArrayList<>()).add(i);
            }
        }
        book.skus = skus;
    }

    private Sku sku(final ConfigNode entry, final String id, final long key, final int index) throws ConfigProblem
    {
        final long price = entry.get("price").longValue(1, MAX_PRICE);
        final long cost = entry.has("cost") ? entry.get("cost").longValue(0, MAX_PRICE) : 0;
        final long floor = entry.has("floor") ? entry.get("floor").longValue(1, MAX_PRICE) : 0;
        final long ceiling = entry.has("ceiling") ? entry.get("ceiling").longValue(1, MAX_PRICE) : 0;
        final String group = entry.has("group") ? keyword(entry.get("group"), "group") : "";
        final long baseline = entry.has("demand-baseline") ? entry.get("demand-baseline").micros(1, 1_000_000_000_000L) : 0;
        final long marginFloor = marginFloor(cost, book.guardrails.minMarginPpm());
        if (marginFloor == MulDiv.OVERFLOW || marginFloor > MAX_PRICE)
        {
            throw entry.get("cost").error("cost plus the minimum margin exceeds the largest price, " + MAX_PRICE);
        }
        if (ceiling > 0)
        {
            if (floor > ceiling)
            {
                throw entry.get("floor").error("floor " + floor + " is above the ceiling " + ceiling);
            }
            if (marginFloor > ceiling)
            {
                throw entry.get("ceiling").error("ceiling " + ceiling + " is below cost plus the minimum margin, " + marginFloor);
            }
        }
        return new Sku(id, key, index, price, cost, floor, marginFloor, ceiling, group, baseline);
    }

    /**
     * @return cost x (1 + margin), rounded up, so the margin always holds.
     */
    public static long marginFloor(final long cost, final long minMarginPpm)
    {
        return MulDiv.scale(cost, PPM + minMarginPpm, PPM, RoundingMode.CEILING);
    }

    private PriceListEntry[] priceList(final ConfigNode node) throws ConfigProblem
    {
        final List<ConfigNode> entries = node.list();
        if (entries.size() > MAX_ENTRIES)
        {
            throw node.error("at most " + MAX_ENTRIES + " entries");
        }
        final Set<String> names = new HashSet<>();
        final PriceListEntry[] list = new PriceListEntry[entries.size()];
        for (int i = 0; i < list.length; i++)
        {
            final ConfigNode entry = entries.get(i);
            list[i] = new PriceListEntry(name(entry, names), selected(entry), audience(entry), adjustment(entry));
        }
        return list;
    }

    private TierTable[] tiers(final ConfigNode node) throws ConfigProblem
    {
        final List<ConfigNode> entries = node.list();
        if (entries.size() > MAX_ENTRIES)
        {
            throw node.error("at most " + MAX_ENTRIES + " tier tables");
        }
        final Set<String> names = new HashSet<>();
        final TierTable[] tables = new TierTable[entries.size()];
        for (int i = 0; i < tables.length; i++)
        {
            final ConfigNode entry = entries.get(i);
            final String name = name(entry, names);
            final ConfigNode levelsNode = entry.get("levels");
            final List<ConfigNode> levels = levelsNode.list();
            if (levels.isEmpty() || levels.size() > MAX_TIERS)
            {
                throw levelsNode.error("must list 1 to " + MAX_TIERS + " tiers");
            }
            final long[] minQuantity = new long[levels.size()];
            final PriceAdjustment[] adjustments = new PriceAdjustment[levels.size()];
            final String[] tierNames = new String[levels.size()];
            for (int t = 0; t < levels.size(); t++)
            {
                final ConfigNode level = levels.get(t);
                final ConfigNode min = level.get("min-quantity");
                minQuantity[t] = min.longValue(2, 1_000_000);
                if (t > 0 && minQuantity[t] <= minQuantity[t - 1])
                {
                    throw min.error("tiers must be in ascending min-quantity, " + minQuantity[t] + " follows " + minQuantity[t - 1]);
                }
                adjustments[t] = adjustment(level);
                tierNames[t] = truncate(name + " " + minQuantity[t] + "+");
            }
            tables[i] = new TierTable(name, selected(entry), audience(entry), minQuantity, adjustments, tierNames);
        }
        return tables;
    }

    private Promotion[] promotions(final ConfigNode node) throws ConfigProblem
    {
        final List<ConfigNode> entries = node.list();
        if (entries.size() > MAX_PROMOTIONS)
        {
            throw node.error("at most " + MAX_PROMOTIONS + " promotions");
        }
        final Set<String> names = new HashSet<>();
        final Promotion[] promotions = new Promotion[entries.size()];
        for (int i = 0; i < promotions.length; i++)
        {
            final ConfigNode entry = entries.get(i);
            final String name = name(entry, names);
            final long from = entry.get("from").epochNanos();
            final long to = entry.get("to").epochNanos();
            if (to <= from)
            {
                throw entry.get("to").error("must be after from");
            }
            final boolean percent = entry.has("percent-off");
            if (percent == entry.has("amount-off"))
            {
                throw entry.error("give exactly one of percent-off and amount-off");
            }
            final long percentPpm = percent ? entry.get("percent-off").percentPpm(1, PPM) : 0;
            final long amountOff = percent ? 0 : entry.get("amount-off").longValue(1, MAX_PRICE);
            final long minQuantity = entry.has("min-quantity") ? entry.get("min-quantity").longValue(1, 1_000_000) : 1;
            promotions[i] = new Promotion(name, selected(entry), audience(entry), from, to, percentPpm, amountOff, minQuantity);
        }
        return promotions;
    }

    private static Stacking stacking(final ConfigNode node) throws ConfigProblem
    {
        final String policy = node.get("policy").string().trim();
        switch (policy)
        {
            case "best-of":
                return Stacking.BEST_OF;
            case "additive":
                return new Stacking(true, node.get("cap").percentPpm(1, PPM));
            default:
                throw node.get("policy").error("unknown policy \"" + policy + "\"; best-of or additive");
        }
    }

    private static DemandSettings demand(final ConfigNode node) throws ConfigProblem
    {
        final long min = node.get("min").micros(1, MAX_FACTOR_PPM);
        final long max = node.get("max").micros(1, MAX_FACTOR_PPM);
        if (min > PPM || max < PPM)
        {
            throw node.error("min must be at most 1 and max at least 1, so that baseline demand leaves prices alone");
        }
        return new DemandSettings(
            node.get("half-life").nanos(),
            node.get("baseline").micros(1, 1_000_000_000_000L),
            node.get("sensitivity").micros(0, MAX_FACTOR_PPM),
            min,
            max);
    }

    private static ScarcityCurve scarcity(final ConfigNode node) throws ConfigProblem
    {
        final ConfigNode curveNode = node.get("curve");
        final List<ConfigNode> points = curveNode.list();
        if (points.isEmpty() || points.size() > MAX_CURVE_POINTS)
        {
            throw curveNode.error("must list 1 to " + MAX_CURVE_POINTS + " points");
        }
        final long[] stock = new long[points.size()];
        final long[] factor = new long[points.size()];
        for (int i = 0; i < points.size(); i++)
        {
            final ConfigNode stockNode = points.get(i).get("stock");
            stock[i] = stockNode.longValue(0, MAX_STOCK);
            if (i > 0 && stock[i] <= stock[i - 1])
            {
                throw stockNode.error("points must be in ascending stock, " + stock[i] + " follows " + stock[i - 1]);
            }
            factor[i] = points.get(i).get("factor").micros(1, MAX_FACTOR_PPM);
        }
        final long unknown = node.has("unknown") ? node.get("unknown").micros(1, MAX_FACTOR_PPM) : PPM;
        return new ScarcityCurve(stock, factor, unknown);
    }

    private static CompetitorPolicy competitors(final ConfigNode node) throws ConfigProblem
    {
        final String policy = node.get("policy").string().trim();
        final long maxAge = node.get("max-age").nanos();
        switch (policy)
        {
            case "off":
                return CompetitorPolicy.OFF;
            case "match":
                return new CompetitorPolicy(CompetitorPolicy.Mode.MATCH,
                    PPM - (node.has("beat-by") ? node.get("beat-by").percentPpm(0, PPM / 2) : 0), maxAge);
            case "ceiling":
                return new CompetitorPolicy(CompetitorPolicy.Mode.CEILING, PPM + node.get("allowance").percentPpm(0, 10 * PPM), maxAge);
            default:
                throw node.get("policy").error("unknown policy \"" + policy + "\"; off, match or ceiling");
        }
    }

    private static Guardrails guardrails(final ConfigNode node) throws ConfigProblem
    {
        return new Guardrails(
            node.get("min-margin").percentPpm(0, 10 * PPM),
            node.get("max-change").percentPpm(0, PPM),
            node.get("per").nanos());
    }

    private static RoundingMode rounding(final ConfigNode node) throws ConfigProblem
    {
        final RoundingMode mode = node.enumValue(RoundingMode.class, "rounding mode");
        if (mode == RoundingMode.UNNECESSARY)
        {
            throw node.error("unnecessary is not a rounding mode for prices");
        }
        return mode;
    }

    private static PriceAdjustment adjustment(final ConfigNode entry) throws ConfigProblem
    {
        final boolean fixed = entry.has("price");
        if (fixed == entry.has("adjust"))
        {
            throw entry.error("give exactly one of price and adjust");
        }
        if (fixed)
        {
            return new PriceAdjustment(entry.get("price").longValue(1, MAX_PRICE), PPM);
        }
        return new PriceAdjustment(0, PPM + entry.get("adjust").percentPpm(-PPM + 1, 9 * PPM));
    }

    private SkuSet selected(final ConfigNode entry) throws ConfigProblem
    {
        if (!entry.has("skus") && !entry.has("groups"))
        {
            return SkuSet.all();
        }
        final Set<Integer> indexes = new HashSet<>();
        if (entry.has("skus"))
        {
            for (final ConfigNode id : entry.get("skus").list())
            {
                final Integer index = skuIds.get(id.string());
                if (index == null)
                {
                    throw id.error("unknown SKU \"" + id.string() + "\"");
                }
                indexes.add(index);
            }
        }
        if (entry.has("groups"))
        {
            for (final ConfigNode group : entry.get("groups").list())
            {
                final List<Integer> members = groups.get(group.string());
                if (members == null)
                {
                    throw group.error("no SKU is in group \"" + group.string() + "\"");
                }
                indexes.addAll(members);
            }
        }
        return SkuSet.of(book.skus.length, indexes.stream().mapToInt(Integer::intValue).toArray());
    }

    private Audience audience(final ConfigNode entry) throws ConfigProblem
    {
        final long[] segments = entry.has("segments") ? known(entry.get("segments"), segmentKeys, "segment") : new long[0];
        final long[] channels = entry.has("channels") ? known(entry.get("channels"), channelKeys, "channel") : new long[0];
        return segments.length == 0 && channels.length == 0 ? Audience.ANYONE : new Audience(segments, channels);
    }

    private static long[] known(final ConfigNode node, final Set<Long> declared, final String what) throws ConfigProblem
    {
        final List<ConfigNode> items = node.list();
        final long[] keys = new long[items.size()];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = TextKeys.of(items.get(i).string());
            if (!declared.contains(keys[i]))
            {
                throw items.get(i).error("unknown " + what + " \"" + items.get(i).string() + "\"; declare it in " + what + "s");
            }
        }
        return keys;
    }

    private static long[] keywords(final ConfigNode node, final Set<Long> into, final String what) throws ConfigProblem
    {
        final List<ConfigNode> items = node.list();
        if (items.size() > MAX_AUDIENCE)
        {
            throw node.error("at most " + MAX_AUDIENCE + " " + what + "s");
        }
        final long[] keys = new long[items.size()];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = TextKeys.of(keyword(items.get(i), what));
            if (!into.add(keys[i]))
            {
                throw items.get(i).error(what + " \"" + items.get(i).string() + "\" is declared twice");
            }
        }
        return keys;
    }

    private static String keyword(final ConfigNode node, final String what) throws ConfigProblem
    {
        final String text = node.string();
        if (!KEYWORD.matcher(text).matches())
        {
            throw node.error("a " + what + " is 1 to 32 letters, digits, '_', '.' or '-', was \"" + text + "\"");
        }
        return text;
    }

    private static String name(final ConfigNode entry, final Set<String> names) throws ConfigProblem
    {
        final ConfigNode node = entry.get("name");
        final String name = node.string();
        if (!NAME.matcher(name).matches())
        {
            throw node.error("must be 1 to " + MAX_NAME + " printable ASCII characters, was \"" + name + "\"");
        }
        if (!names.add(name))
        {
            throw node.error("\"" + name + "\" is used twice");
        }
        return name;
    }

    private static String truncate(final String text)
    {
        return text.length() <= MAX_NAME ? text : text.substring(0, MAX_NAME);
    }

    private static long bounded(final ConfigNode node, final long min, final long max, final String range) throws ConfigProblem
    {
        final long nanos = node.nanos();
        if (nanos < min || nanos > max)
        {
            throw node.error("must be between " + range);
        }
        return nanos;
    }
}
