package io.hotpath.fraud;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.hotpath.fraud.lists.FraudList;
import io.hotpath.fraud.model.ModelFormatException;
import io.hotpath.fraud.model.TreeEnsemble;
import io.hotpath.fraud.model.XgboostJsonLoader;
import io.hotpath.fraud.rules.RuleParser;
import io.hotpath.fraud.rules.RuleSet;
import io.hotpath.fraud.rules.RuleSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a tenant's fraud config (HOCON):
 *
 * <pre>
 *   rules = """
 *   block "card testing" if ip_distinct_cards_1h &gt;= 5
 *   """
 *   lists {
 *     block { cards = ["5eed0001"], bins = ["411111", "510000-519999"], emails = ["mule@example.com"],
 *             ips = ["198.51.100.0/24", "2001:db8::/32"], devices = ["device-9"], countries = [KP] }
 *     allow { emails = ["ceo@example.com"] }
 *   }
 *   model = default                  # the shipped model, or { version = "v7", json = """{...XGBoost JSON...}""" }
 *   shadow-model = { version = "v8", json = """...""" }   # optional
 *   block-confirmed-fraud = true     # a confirmed-fraud label adds card, email and device to the block list
 * </pre>
 *
 * Card fingerprints are hexadecimal. Errors name the file, the line and the field.
 */
public final class FraudConfigParser
{
    /** The model that ships with the project. */
    public static final String DEFAULT_MODEL = "default";

    private static final TreeEnsemble SHIPPED = loadShipped();
    private static final Pattern RULES_START = Pattern.compile("(?m)^\\s*rules\\s*[=:]?\\s*\"\"\"");

    private final String name;
    private final String source;

    private FraudConfigParser(final String name, final String source)
    {
        this.name = name;
        this.source = source;
    }

    public static FraudConfig parse(final String text, final String origin) throws FraudConfigException
    {
        final String name = origin == null || origin.isEmpty() ? "fraud config" : origin;
        try
        {
            return new FraudConfigParser(name, text).parse();
        }
        catch (final ConfigException ex)
        {
            // A value of the wrong type where the parser reads a typed one ("lists.block has type LIST
            // rather than OBJECT"); Typesafe Config's message already names the file, line and path.
            throw new FraudConfigException(ex.getMessage());
        }
    }

    private FraudConfig parse() throws FraudConfigException
    {
        final String text = source;
        final Config config;
        try
        {
            config = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(name)
                .setSyntax(ConfigSyntax.CONF)).resolve();
        }
        catch (final ConfigException ex)
        {
            throw new FraudConfigException(name + ": " + ex.getMessage());
        }
        final RuleSet rules = rules(config);
        final FraudList block = new FraudList();
        final FraudList allow = new FraudList();
        list(config, "lists.block", block);
        list(config, "lists.allow", allow);
        final TreeEnsemble model = config.hasPath("model") ? model(config, "model") : SHIPPED;
        final TreeEnsemble shadow = config.hasPath("shadow-model") ? model(config, "shadow-model") : null;
        final boolean blockConfirmed;
        try
        {
            blockConfirmed = config.hasPath("block-confirmed-fraud") && config.getBoolean("block-confirmed-fraud");
        }
        catch (final ConfigException.WrongType ex)
        {
            throw error(config.getValue("block-confirmed-fraud"), "block-confirmed-fraud", "must be true or false");
        }
        return new FraudConfig(rules, block, allow, model, shadow, blockConfirmed);
    }

    private RuleSet rules(final Config config) throws FraudConfigException
    {
        if (!config.hasPath("rules"))
        {
            return new RuleSet(List.of());
        }
        final ConfigValue value = config.getValue("rules");
        if (value.valueType() != ConfigValueType.STRING)
        {
            throw error(value, "rules", "must be the rule text, in triple quotes");
        }
        final String text = (String)value.unwrapped();
        // Typesafe Config's line numbers around triple-quoted strings are not exact, so the rules'
        // first line is found in the source: the line of `rules = """`, where the text starts.
        final Matcher start = RULES_START.matcher(source);
        final int firstLine = start.find() ? lineAt(source, start.end()) : Math.max(1, value.origin().lineNumber());
        try
        {
            return new RuleSet(RuleParser.parse(text, name, firstLine));
        }
        catch (final RuleSyntaxException ex)
        {
            throw new FraudConfigException(ex.getMessage());
        }
    }

    private void list(final Config config, final String path, final FraudList list) throws FraudConfigException
    {
        if (!config.hasPath(path))
        {
            return;
        }
        final Config entries = config.getConfig(path);
        for (final String kind : entries.root().keySet())
        {
            // By key, not by path: a key such as "a.b" or " emails" is no path to itself.
            final ConfigValue value = entries.root().get(kind);
            if (value.valueType() != ConfigValueType.LIST)
            {
                throw error(value, path + "." + kind, "must be a list");
            }
            final List<?> items = (List<?>)value.unwrapped();
            for (int i = 0; i < items.size(); i++)
            {
                final String item = String.valueOf(items.get(i));
                final String field = path + "." + kind + "[" + i + "]";
                final boolean ok = switch (kind)
                {
                    case "cards" -> addCard(list, item);
                    case "bins" -> list.addBin(item);
                    case "emails" -> add(() -> list.addEmail(item));
                    case "devices" -> add(() -> list.addDevice(item));
                    case "ips" -> list.addIp(item);
                    case "countries" -> list.addCountry(item);
                    default -> throw error(value, path + "." + kind,
                        "unknown list; expected cards, bins, emails, ips, devices or countries");
                };
                if (!ok)
                {
                    final int at = source.indexOf(item, Math.max(0, source.indexOf("lists")));
                    throw new FraudConfigException(name + ":" + (at < 0 ? "?" : String.valueOf(lineAt(source, at))) + ": " + field
                        + ": not a valid entry: \"" + item + "\"");
                }
            }
        }
    }

    private static boolean addCard(final FraudList list, final String hex)
    {
        try
        {
            list.addCard(Long.parseUnsignedLong(hex.toLowerCase(Locale.ROOT), 16));
            return true;
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    private static boolean add(final Runnable adder)
    {
        adder.run();
        return true;
    }

    private TreeEnsemble model(final Config config, final String path) throws FraudConfigException
    {
        final ConfigValue value = config.getValue(path);
        if (value.valueType() == ConfigValueType.STRING && DEFAULT_MODEL.equals(value.unwrapped()))
        {
            return SHIPPED;
        }
        if (value.valueType() != ConfigValueType.OBJECT)
        {
            throw error(value, path, "must be \"default\" or { version = ..., json = \"\"\"...\"\"\" }");
        }
        final Config model = config.getConfig(path);
        if (!model.hasPath("version") || !model.hasPath("json"))
        {
            throw error(value, path, "needs a version and the model's json");
        }
        try
        {
            return XgboostJsonLoader.load(model.getString("json").getBytes(StandardCharsets.UTF_8), model.getString("version"));
        }
        catch (final ModelFormatException ex)
        {
            throw error(config.getValue(path + ".json"), path + ".json", ex.getMessage());
        }
    }

    /**
     * Typesafe Config's line numbers after a triple-quoted string are not exact, so an error is
     * placed at the line where its top-level key starts in the source.
     */
    private FraudConfigException error(final ConfigValue value, final String path, final String problem)
    {
        final Matcher key = Pattern.compile("(?m)^\\s*" + Pattern.quote(path.split("\\.")[0]) + "\\b").matcher(source);
        final int line = key.find() ? lineAt(source, key.start()) : value.origin().lineNumber();
        return new FraudConfigException(name + ":" + (line > 0 ? line : "?") + ": " + path + ": " + problem);
    }

    /**
     * @return the 1-based line of {@code offset} in {@code text}.
     */
    private static int lineAt(final String text, final int offset)
    {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++)
        {
            if (text.charAt(i) == '\n')
            {
                line++;
            }
        }
        return line;
    }

    private static TreeEnsemble loadShipped()
    {
        try (InputStream in = FraudConfigParser.class.getResourceAsStream("/models/default-fraud-model.json"))
        {
            return XgboostJsonLoader.load(in.readAllBytes(), DEFAULT_MODEL);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final ModelFormatException ex)
        {
            throw new IllegalStateException("the shipped model does not load: " + ex.getMessage(), ex);
        }
    }
}
