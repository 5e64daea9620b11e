package io.hotpath.routing.config;

import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.config.ConfigNode;
import io.hotpath.core.config.ConfigProblem;
import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.CardType;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.RouteStrategy;
import io.hotpath.core.sbe.ThreeDsStatus;
import io.hotpath.routing.rule.Condition;
import io.hotpath.routing.rule.Conditions;
import io.hotpath.routing.state.CircuitBreakers;
import io.hotpath.routing.state.SuccessWindows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a tenant's routing config (HOCON) into a {@link RoutingTable}, or says exactly what is
 * wrong with it. The format, with every field, is in {@code payment-routing/README.md}.
 */
public final class RoutingConfigParser
{
    /** Most processors a tenant may have. */
    public static final int MAX_PROCESSORS = 32;
    /** Most candidates one route may name, and so the longest cascade. */
    public static final int MAX_CANDIDATES = 16;
    /** Most rules a tenant may have. */
    public static final int MAX_RULES = 256;
    private static final int MAX_DEPTH = 8;
    private static final Pattern PROCESSOR_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern RULE_NAME = Pattern.compile("[ -~]{1,64}");
    private static final String DEFAULTS = String.join("\n",
        "health { window = 60s, buckets = 6, min-calls = 20, error-rate = 0.5, timeout-rate = 0.5, decline-rate = 0.95,",
        "         open-for = 30s, probe-share = 0.1, probes-to-close = 5, slow-call = 0s }",
        "success-rate { buckets = 8, bucket-size = 100, bucket-duration = 5m, recency-decay = 0.8, min-samples = 30,",
        "               default-rate = 0.9, exploration = 0.02, segment = [network, card-type, currency, issuer-country] }");

    private RoutingConfigParser()
    {
    }

    /**
     * @param text    the config document.
     * @param origin  where it came from, named in errors.
     * @param version the config version it is applied as.
     */
    public static RoutingTable parse(final String text, final String origin, final long version) throws ConfigProblem
    {
        final String name = origin == null || origin.isEmpty() ? "routing config" : origin;
        final ConfigNode root = ConfigNode.parse(text, name, DEFAULTS);

        final Processor[] processors = processors(root.get("processors"));
        final List<ConfigNode> ruleNodes = root.has("rules") ? root.get("rules").list() : List.of();
        if (ruleNodes.size() > MAX_RULES)
        {
            throw root.get("rules").error("at most " + MAX_RULES + " rules");
        }
        final Rule[] rules = new Rule[ruleNodes.size()];
        final Set<String> ruleNames = new HashSet<>();
        for (int i = 0; i < rules.length; i++)
        {
            rules[i] = rule(ruleNodes.get(i), processors, ruleNames);
        }
        return new RoutingTable(
            version,
            processors,
            rules,
            route(root.get("default"), processors),
            health(root.get("health")),
            successRate(root.get("success-rate")));
    }

    private static Processor[] processors(final ConfigNode node) throws ConfigProblem
    {
        final List<ConfigNode> entries = node.list();
        if (entries.isEmpty() || entries.size() > MAX_PROCESSORS)
        {
            throw node.error("must list 1 to " + MAX_PROCESSORS + " processors");
        }
        final Processor[] processors = new Processor[entries.size()];
        final Set<String> ids = new HashSet<>();
        for (int i = 0; i < processors.length; i++)
        {
            final ConfigNode entry = entries.get(i);
            final ConfigNode idNode = entry.get("id");
            final String id = idNode.string();
            if (!PROCESSOR_ID.matcher(id).matches())
            {
                throw idNode.error("must be 1 to 32 letters, digits, '_', '.' or '-', was \"" + id + "\"");
            }
            if (!ids.add(id))
            {
                throw idNode.error("processor \"" + id + "\" is declared twice");
            }
            processors[i] = new Processor(
                id,
                id.getBytes(StandardCharsets.US_ASCII),
                TextKeys.of(id),
                networks(entry.get("networks")),
                currencies(entry.get("currencies")),
                entry.has("countries") ? countries(entry.get("countries")) : new int[0],
                entry.has("card-types") ? cardTypes(entry.get("card-types")) : allOf(CardType.class),
                entry.has("fee") ? fee(entry.get("fee")) : new FeeModel(new long[networkCount()], new int[networkCount()]),
                entry.has("volume-target") ? entry.get("volume-target").intValue(0, 1_000_000) : 0,
                entry.has("retriable-codes") ? keys(entry.get("retriable-codes")) : new long[0]);
        }
        return processors;
    }

    private static FeeModel fee(final ConfigNode node) throws ConfigProblem
    {
        final long fixed = node.has("fixed") ? node.get("fixed").longValue(0, 1_000_000_000L) : 0;
        final int bps = node.has("bps") ? node.get("bps").intValue(0, 10_000) : 0;
        final long[] fixedByNetwork = new long[networkCount()];
        final int[] bpsByNetwork = new int[networkCount()];
        Arrays.fill(fixedByNetwork, fixed);
        Arrays.fill(bpsByNetwork, bps);
        if (node.has("by-network"))
        {
            final ConfigNode byNetwork = node.get("by-network");
            for (final String key : byNetwork.keys())
            {
                final ConfigNode override = byNetwork.get(key);
                final int network = byNetwork.keyOf(key).enumValue(CardNetwork.class, "network").value();
                fixedByNetwork[network] = override.has("fixed") ? override.get("fixed").longValue(0, 1_000_000_000L) : fixed;
                bpsByNetwork[network] = override.has("bps") ? override.get("bps").intValue(0, 10_000) : bps;
            }
        }
        return new FeeModel(fixedByNetwork, bpsByNetwork);
    }

    private static Rule rule(final ConfigNode node, final Processor[] processors, final Set<String> names) throws ConfigProblem
    {
        final ConfigNode nameNode = node.get("name");
        final String name = nameNode.string();
        if (!RULE_NAME.matcher(name).matches())
        {
            throw nameNode.error("must be 1 to 64 printable ASCII characters");
        }
        if (!names.add(name))
        {
            throw nameNode.error("rule \"" + name + "\" is declared twice");
        }
        final Condition when = node.has("when") ? condition(node.get("when"), 0) : Condition.ALWAYS;
        return new Rule(name, name.getBytes(StandardCharsets.US_ASCII), when, route(node.get("route"), processors));
    }

    private static RouteSpec route(final ConfigNode node, final Processor[] processors) throws ConfigProblem
    {
        final ConfigNode strategyNode = node.get("strategy");
        final RouteStrategy strategy = strategyNode.enumValue(RouteStrategy.class, "strategy");
        final List<ConfigNode> ids;
        final int[] weights;
        if (strategy == RouteStrategy.VOLUME_SPLIT && node.has("split"))
        {
            final ConfigNode split = node.get("split");
            ids = new ArrayList<>();
            final List<String> keys = split.keys();
            keys.sort(null);
            weights = new int[keys.size()];
            for (int i = 0; i < keys.size(); i++)
            {
                final ConfigNode weight = split.get(keys.get(i));
                weights[i] = weight.intValue(1, 1_000_000);
                ids.add(split.keyOf(keys.get(i)));
            }
        }
        else
        {
            ids = node.get("processors").list();
            weights = new int[strategy == RouteStrategy.VOLUME_SPLIT ? ids.size() : 0];
        }
        if (ids.isEmpty() || ids.size() > MAX_CANDIDATES)
        {
            throw node.error("must name 1 to " + MAX_CANDIDATES + " processors");
        }
        final int[] indices = new int[ids.size()];
        for (int i = 0; i < indices.length; i++)
        {
            final ConfigNode idNode = ids.get(i);
            indices[i] = indexOf(processors, idNode.string());
            if (indices[i] < 0)
            {
                throw located(node, idNode).error("unknown processor \"" + idNode.string() + "\"");
            }
            for (int j = 0; j < i; j++)
            {
                if (indices[j] == indices[i])
                {
                    throw located(node, idNode).error("processor \"" + idNode.string() + "\" is named twice");
                }
            }
            if (strategy == RouteStrategy.VOLUME_SPLIT && !node.has("split"))
            {
                weights[i] = processors[indices[i]].volumeTarget();
                if (weights[i] <= 0)
                {
                    throw located(node, idNode).error("volume-split without split weights needs a volume-target on processor \""
                        + idNode.string() + "\"");
                }
            }
        }
        return new RouteSpec(strategy, indices, weights);
    }

    private static ConfigNode located(final ConfigNode parent, final ConfigNode child)
    {
        return child.path().isEmpty() ? parent : child;
    }

    private static Condition condition(final ConfigNode node, final int depth) throws ConfigProblem
    {
        if (depth > MAX_DEPTH)
        {
            throw node.error("conditions nest at most " + MAX_DEPTH + " deep");
        }
        final List<Condition> parts = new ArrayList<>();
        final List<String> keys = node.keys();
        keys.sort(null);
        for (final String key : keys)
        {
            final ConfigNode field = node.get(key);
            parts.add(field(key, field, depth));
        }
        if (parts.isEmpty())
        {
            throw node.error("must test at least one field");
        }
        return parts.size() == 1 ? parts.get(0) : Conditions.all(parts.toArray(new Condition[0]));
    }

    private static Condition field(final String key, final ConfigNode field, final int depth) throws ConfigProblem
    {
        switch (key)
        {
            case "all":
            case "any":
                final List<ConfigNode> children = field.list();
                if (children.isEmpty())
                {
                    throw field.error("must list at least one condition");
                }
                final Condition[] parts = new Condition[children.size()];
                for (int i = 0; i < parts.length; i++)
                {
                    parts[i] = condition(children.get(i), depth + 1);
                }
                return "all".equals(key) ? Conditions.all(parts) : Conditions.any(parts);
            case "not":
                return Conditions.not(condition(field, depth + 1));
            case "amount":
                final long min = field.has("min") ? field.get("min").longValue(0, Long.MAX_VALUE) : 0;
                final long max = field.has("max") ? field.get("max").longValue(0, Long.MAX_VALUE) : Long.MAX_VALUE;
                if (min > max)
                {
                    throw field.error("min " + min + " is above max " + max);
                }
                return Conditions.amountBetween(min, max);
            case "currency":
                return Conditions.in(Conditions.Field.CURRENCY, currencies(field));
            case "network":
                return Conditions.in(Conditions.Field.NETWORK, values(field, CardNetwork.class, "network"));
            case "card-type":
                return Conditions.in(Conditions.Field.CARD_TYPE, values(field, CardType.class, "card type"));
            case "issuer-country":
                return Conditions.in(Conditions.Field.ISSUER_COUNTRY, countries(field));
            case "customer-country":
                return Conditions.in(Conditions.Field.CUSTOMER_COUNTRY, countries(field));
            case "mcc":
                final List<ConfigNode> mccs = field.list();
                final int[] codes = new int[mccs.size()];
                for (int i = 0; i < codes.length; i++)
                {
                    codes[i] = mccs.get(i).intValue(0, 9999);
                }
                return Conditions.in(Conditions.Field.MCC, codes);
            case "channel":
                return Conditions.in(Conditions.Field.CHANNEL, values(field, Channel.class, "channel"));
            case "three-ds":
                return Conditions.in(Conditions.Field.THREE_DS, values(field, ThreeDsStatus.class, "3DS status"));
            case "bin":
                return bin(field);
            case "metadata":
                final List<Condition> pairs = new ArrayList<>();
                for (final String metadataKey : field.keys())
                {
                    pairs.add(Conditions.metadataEquals(TextKeys.of(metadataKey), TextKeys.of(field.get(metadataKey).string())));
                }
                return Conditions.all(pairs.toArray(new Condition[0]));
            default:
                throw field.error("unknown condition; expected one of all, any, not, amount, currency, network, card-type, "
                    + "bin, issuer-country, customer-country, mcc, channel, three-ds, metadata");
        }
    }

    private static Condition bin(final ConfigNode node) throws ConfigProblem
    {
        final List<Condition> parts = new ArrayList<>();
        if (node.has("prefix"))
        {
            final List<ConfigNode> prefixes = node.get("prefix").list();
            final int[] values = new int[prefixes.size()];
            final int[] lengths = new int[prefixes.size()];
            for (int i = 0; i < values.length; i++)
            {
                final String digits = digits(prefixes.get(i), 1, 8);
                values[i] = Integer.parseInt(digits);
                lengths[i] = digits.length();
            }
            parts.add(Conditions.binPrefix(values, lengths));
        }
        if (node.has("range"))
        {
            for (final ConfigNode range : node.get("range").list())
            {
                final String from = digits(range.get("from"), 6, 8);
                final String to = digits(range.get("to"), 6, 8);
                if (from.length() != to.length())
                {
                    throw range.error("from and to must have the same number of digits");
                }
                if (Long.parseLong(from) > Long.parseLong(to))
                {
                    throw range.error("from " + from + " is above to " + to);
                }
                parts.add(Conditions.binRange(Long.parseLong(from), Long.parseLong(to), from.length()));
            }
        }
        if (parts.isEmpty())
        {
            throw node.error("must have a prefix or a range");
        }
        return Conditions.any(parts.toArray(new Condition[0]));
    }

    private static String digits(final ConfigNode node, final int min, final int max) throws ConfigProblem
    {
        final String text = node.string().trim();
        if (text.length() < min || text.length() > max || !text.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw node.error("must be " + min + " to " + max + " digits, was \"" + text + "\"");
        }
        return text;
    }

    private static HealthSettings health(final ConfigNode node) throws ConfigProblem
    {
        return new HealthSettings(
            node.get("window").nanos(),
            node.get("buckets").intValue(1, CircuitBreakers.MAX_BUCKETS),
            node.get("min-calls").intValue(1, 1_000_000),
            node.get("error-rate").ppm(),
            node.get("timeout-rate").ppm(),
            node.get("decline-rate").ppm(),
            node.get("open-for").nanos(),
            node.get("probe-share").ppm(),
            node.get("probes-to-close").intValue(1, 10_000),
            slowCallMicros(node.get("slow-call")));
    }

    private static long slowCallMicros(final ConfigNode node) throws ConfigProblem
    {
        return "0".equals(node.string().trim()) || "0s".equals(node.string().trim()) ? 0 : node.nanos() / 1_000;
    }

    private static SuccessRateSettings successRate(final ConfigNode node) throws ConfigProblem
    {
        final int buckets = node.get("buckets").intValue(1, SuccessWindows.MAX_BUCKETS);
        final int decayPpm = node.get("recency-decay").ppm();
        final long[] weights = new long[buckets];
        weights[0] = 1_000_000;
        for (int i = 1; i < buckets; i++)
        {
            weights[i] = weights[i - 1] * decayPpm / 1_000_000;
        }
        int segment = 0;
        for (final ConfigNode part : node.get("segment").list())
        {
            switch (part.string())
            {
                case "network":
                    segment |= SuccessRateSettings.SEGMENT_NETWORK;
                    break;
                case "card-type":
                    segment |= SuccessRateSettings.SEGMENT_CARD_TYPE;
                    break;
                case "currency":
                    segment |= SuccessRateSettings.SEGMENT_CURRENCY;
                    break;
                case "issuer-country":
                    segment |= SuccessRateSettings.SEGMENT_ISSUER_COUNTRY;
                    break;
                default:
                    throw part.error("unknown segment field; expected network, card-type, currency or issuer-country");
            }
        }
        return new SuccessRateSettings(
            buckets,
            node.get("bucket-size").intValue(1, 10_000),
            node.get("bucket-duration").nanos(),
            weights,
            node.get("min-samples").intValue(0, 1_000_000),
            node.get("default-rate").ppm(),
            node.get("exploration").ppm(),
            segment);
    }

    private static int networks(final ConfigNode node) throws ConfigProblem
    {
        int mask = 0;
        for (final int network : values(node, CardNetwork.class, "network"))
        {
            mask |= 1 << network;
        }
        return mask;
    }

    private static int cardTypes(final ConfigNode node) throws ConfigProblem
    {
        int mask = 0;
        for (final int type : values(node, CardType.class, "card type"))
        {
            mask |= 1 << type;
        }
        return mask;
    }

    private static <E extends Enum<E>> int allOf(final Class<E> type)
    {
        return (1 << (type.getEnumConstants().length - 1)) - 1;
    }

    private static int networkCount()
    {
        return CardNetwork.values().length - 1;
    }

    private static <E extends Enum<E>> int[] values(final ConfigNode node, final Class<E> type, final String what)
        throws ConfigProblem
    {
        final List<ConfigNode> items = node.list();
        if (items.isEmpty())
        {
            throw node.error("must list at least one " + what);
        }
        final int[] values = new int[items.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = sbeValue(items.get(i).enumValue(type, what));
        }
        return values;
    }

    private static int sbeValue(final Enum<?> constant)
    {
        // Every SBE enum constant carries its wire value; the ordinal equals it for the enums used here.
        return constant.ordinal();
    }

    private static int[] currencies(final ConfigNode node) throws ConfigProblem
    {
        final List<ConfigNode> items = node.list();
        if (items.isEmpty())
        {
            throw node.error("must list at least one currency");
        }
        final int[] codes = new int[items.size()];
        for (int i = 0; i < codes.length; i++)
        {
            codes[i] = CurrencyCodes.parse(items.get(i).string());
            if (codes[i] < 0)
            {
                throw items.get(i).error("unknown currency \"" + items.get(i).string() + "\"");
            }
        }
        Arrays.sort(codes);
        return codes;
    }

    private static int[] countries(final ConfigNode node) throws ConfigProblem
    {
        final List<ConfigNode> items = node.list();
        final int[] codes = new int[items.size()];
        for (int i = 0; i < codes.length; i++)
        {
            codes[i] = CountryCodes.parse(items.get(i).string());
            if (codes[i] < 0)
            {
                throw items.get(i).error("unknown country \"" + items.get(i).string() + "\"");
            }
        }
        Arrays.sort(codes);
        return codes;
    }

    private static long[] keys(final ConfigNode node) throws ConfigProblem
    {
        final List<ConfigNode> items = node.list();
        final long[] keys = new long[items.size()];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = TextKeys.of(items.get(i).string());
        }
        Arrays.sort(keys);
        return keys;
    }

    private static int indexOf(final Processor[] processors, final String id)
    {
        for (int i = 0; i < processors.length; i++)
        {
            if (processors[i].id().equals(id))
            {
                return i;
            }
        }
        return -1;
    }
}
