package io.hotpath.core.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A value of a parsed HOCON document with its path, so that every validation error can name the
 * origin, the line and the field. Typesafe Config gives the values and their lines; this adds the
 * paths and the typed reads the domains' configs need. Used while a config is applied, never on
 * the hot path.
 */
public final class ConfigNode
{
    /** Longest text read as a number: more than any value a config needs. */
    private static final int MAX_NUMBER_TEXT = 40;
    /** Digits before the point beyond which no number fits a long, whatever its scale. */
    private static final int MAX_INTEGER_DIGITS = 19;

    private final String origin;
    private final String path;
    private final ConfigValue value;

    ConfigNode(final String origin, final String path, final ConfigValue value)
    {
        this.origin = origin;
        this.path = path;
        this.value = value;
    }

    /**
     * Parses a HOCON document.
     *
     * @param text     the document.
     * @param origin   where it came from (a file name), named in every error.
     * @param defaults HOCON whose values apply where the document gives none; empty for none.
     * @return the document's root object.
     */
    public static ConfigNode parse(final String text, final String origin, final String defaults) throws ConfigProblem
    {
        try
        {
            return new ConfigNode(origin, "", ConfigFactory.parseString(text,
                    ConfigParseOptions.defaults().setOriginDescription(origin).setSyntax(ConfigSyntax.CONF))
                .withFallback(ConfigFactory.parseString(defaults))
                .resolve()
                .root());
        }
        catch (final ConfigException ex)
        {
            throw new ConfigProblem(origin + ": " + ex.getMessage());
        }
    }

    public String path()
    {
        return path;
    }

    public ConfigProblem error(final String problem)
    {
        final int line = value == null ? -1 : value.origin().lineNumber();
        final String where = path.isEmpty() ? "(root)" : path;
        return new ConfigProblem(origin + ":" + (line > 0 ? line : "?") + ": " + where + ": " + problem);
    }

    /**
     * @return true if the value is an object (rather than a single value or a list).
     */
    public boolean isObject()
    {
        return value != null && value.valueType() == ConfigValueType.OBJECT;
    }

    public boolean has(final String key) throws ConfigProblem
    {
        return object().get(key) != null;
    }

    public ConfigNode get(final String key) throws ConfigProblem
    {
        final ConfigValue child = object().get(key);
        if (child == null)
        {
            throw error("missing field " + key);
        }
        return new ConfigNode(origin, child(key), child);
    }

    /**
     * @return the key {@code key} of this object read as a value, located where its value is.
     */
    public ConfigNode keyOf(final String key) throws ConfigProblem
    {
        final ConfigValue child = object().get(key);
        return new ConfigNode(origin, child(key), ConfigValueFactory.fromAnyRef(key).withOrigin(child.origin()));
    }

    public List<String> keys() throws ConfigProblem
    {
        if (value.valueType() != ConfigValueType.OBJECT)
        {
            throw error("must be an object");
        }
        return new ArrayList<>(((ConfigObject)value).keySet());
    }

    /**
     * @return the elements of a list; a single value reads as a list of one.
     */
    public List<ConfigNode> list() throws ConfigProblem
    {
        final List<ConfigNode> elements = new ArrayList<>();
        if (value.valueType() == ConfigValueType.LIST)
        {
            final ConfigList list = (ConfigList)value;
            for (int i = 0; i < list.size(); i++)
            {
                elements.add(new ConfigNode(origin, path + "[" + i + "]", list.get(i)));
            }
        }
        else
        {
            elements.add(this);
        }
        return elements;
    }

    public String string() throws ConfigProblem
    {
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
            || value.valueType() == ConfigValueType.NULL)
        {
            throw error("must be a single value");
        }
        return String.valueOf(value.unwrapped());
    }

    public long longValue(final long min, final long max) throws ConfigProblem
    {
        final long parsed;
        try
        {
            parsed = Long.parseLong(string().trim());
        }
        catch (final NumberFormatException ex)
        {
            throw error("must be a whole number, was \"" + string() + "\"");
        }
        if (parsed < min || parsed > max)
        {
            throw error("must be in [" + min + ", " + max + "], was " + parsed);
        }
        return parsed;
    }

    public int intValue(final int min, final int max) throws ConfigProblem
    {
        return (int)longValue(min, max);
    }

    /**
     * @return a share in [0, 1] as parts per million.
     */
    public int ppm() throws ConfigProblem
    {
        final double share;
        try
        {
            share = Double.parseDouble(string().trim());
        }
        catch (final NumberFormatException ex)
        {
            throw error("must be a number between 0 and 1, was \"" + string() + "\"");
        }
        if (!(share >= 0 && share <= 1))
        {
            throw error("must be between 0 and 1, was " + share);
        }
        return (int)Math.round(share * 1_000_000);
    }

    public long nanos() throws ConfigProblem
    {
        final Duration duration;
        try
        {
            duration = ConfigFactory.empty().withValue("v", value).getDuration("v");
        }
        catch (final ConfigException ex)
        {
            throw error("must be a duration such as 30s or 5m, was \"" + string() + "\"");
        }
        if (duration.isNegative() || duration.isZero())
        {
            throw error("must be a positive duration");
        }
        return duration.toNanos();
    }

    /**
     * @return true or false.
     */
    public boolean bool() throws ConfigProblem
    {
        if (value.valueType() != ConfigValueType.BOOLEAN)
        {
            throw error("must be true or false, was \"" + string() + "\"");
        }
        return (Boolean)value.unwrapped();
    }

    /**
     * Reads a percentage written with its sign and per-cent sign ({@code "-12%"}, {@code "0.5%"},
     * {@code "+5%"}) as parts per million of the whole, exactly: {@code "-12.5%"} is -125,000.
     */
    public long percentPpm(final long minPpm, final long maxPpm) throws ConfigProblem
    {
        final String text = string().trim();
        if (!text.endsWith("%"))
        {
            throw error("must be a percentage such as \"12%\" or \"-0.5%\", was \"" + text + "\"");
        }
        final long ppm = scaled(text.substring(0, text.length() - 1).trim(), 4, "a percentage such as \"12%\"");
        if (ppm < minPpm || ppm > maxPpm)
        {
            throw error("must be between " + percent(minPpm) + " and " + percent(maxPpm) + ", was " + text);
        }
        return ppm;
    }

    /**
     * Reads a plain decimal number, such as a multiplier {@code 1.25}, as millionths, exactly.
     */
    public long micros(final long min, final long max) throws ConfigProblem
    {
        final long micros = scaled(string().trim(), 6, "a number with at most 6 decimals");
        if (micros < min || micros > max)
        {
            throw error("must be between " + BigDecimal.valueOf(min, 6).stripTrailingZeros().toPlainString() + " and "
                + BigDecimal.valueOf(max, 6).stripTrailingZeros().toPlainString() + ", was " + string().trim());
        }
        return micros;
    }

    /**
     * @return an ISO-8601 instant, such as {@code 2026-11-27T00:00:00Z}, in epoch nanoseconds.
     */
    public long epochNanos() throws ConfigProblem
    {
        try
        {
            final Instant instant = Instant.parse(string().trim());
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            throw error("must be an ISO-8601 instant such as 2026-11-27T00:00:00Z, was \"" + string() + "\"");
        }
    }

    /**
     * @return the line the value is on, or -1.
     */
    public int line()
    {
        return value == null ? -1 : value.origin().lineNumber();
    }

    /**
     * @return the constant of {@code type} named by this value, written in lower case with dashes.
     */
    public <E extends Enum<E>> E enumValue(final Class<E> type, final String what) throws ConfigProblem
    {
        final String name = string().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final E constant : type.getEnumConstants())
        {
            if (constant.name().equals(name) && !"NULL_VAL".equals(name))
            {
                return constant;
            }
        }
        throw error("unknown " + what + " \"" + string() + "\"");
    }

    private long scaled(final String text, final int scale, final String what) throws ConfigProblem
    {
        try
        {
            // Bounded before any arithmetic: BigDecimal parses long digit strings in quadratic time,
            // and scaling "1e100000000" would build a number of a hundred million digits.
            if (text.length() > MAX_NUMBER_TEXT)
            {
                throw error("must be " + what + " of at most " + MAX_NUMBER_TEXT + " characters");
            }
            final BigDecimal number = new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
            if (number.precision() - number.scale() > MAX_INTEGER_DIGITS)
            {
                throw error("must be " + what + ", was \"" + string() + "\" (out of range)");
            }
            if (number.stripTrailingZeros().scale() > scale)
            {
                throw error("must have at most " + scale + " decimals, was \"" + text + "\"");
            }
            return number.movePointRight(scale).longValueExact();
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw error("must be " + what + ", was \"" + string() + "\"");
        }
    }

    private static String percent(final long ppm)
    {
        return BigDecimal.valueOf(ppm, 4).stripTrailingZeros().toPlainString() + "%";
    }

    private ConfigObject object() throws ConfigProblem
    {
        if (value == null || value.valueType() != ConfigValueType.OBJECT)
        {
            throw error("must be an object");
        }
        return (ConfigObject)value;
    }

    private String child(final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }
}
