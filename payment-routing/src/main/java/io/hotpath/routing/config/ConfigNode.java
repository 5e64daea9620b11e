package io.hotpath.routing.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A value of a parsed HOCON document with its path, so that every validation error can name the
 * origin, the line and the field. Typesafe Config gives the values and their lines; this adds the
 * paths and the typed reads routing needs.
 */
final class ConfigNode
{
    private final String origin;
    private final String path;
    private final ConfigValue value;

    ConfigNode(final String origin, final String path, final ConfigValue value)
    {
        this.origin = origin;
        this.path = path;
        this.value = value;
    }

    String path()
    {
        return path;
    }

    RoutingConfigException error(final String problem)
    {
        final int line = value == null ? -1 : value.origin().lineNumber();
        final String where = path.isEmpty() ? "(root)" : path;
        return new RoutingConfigException(origin + ":" + (line > 0 ? line : "?") + ": " + where + ": " + problem);
    }

    boolean has(final String key) throws RoutingConfigException
    {
        return object().get(key) != null;
    }

    ConfigNode get(final String key) throws RoutingConfigException
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
    ConfigNode keyOf(final String key) throws RoutingConfigException
    {
        final ConfigValue child = object().get(key);
        return new ConfigNode(origin, child(key), ConfigValueFactory.fromAnyRef(key).withOrigin(child.origin()));
    }

    List<String> keys() throws RoutingConfigException
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
    List<ConfigNode> list() throws RoutingConfigException
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

    String string() throws RoutingConfigException
    {
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
            || value.valueType() == ConfigValueType.NULL)
        {
            throw error("must be a single value");
        }
        return String.valueOf(value.unwrapped());
    }

    long longValue(final long min, final long max) throws RoutingConfigException
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

    int intValue(final int min, final int max) throws RoutingConfigException
    {
        return (int)longValue(min, max);
    }

    /**
     * @return a share in [0, 1] as parts per million.
     */
    int ppm() throws RoutingConfigException
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

    long nanos() throws RoutingConfigException
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
     * @return the constant of {@code type} named by this value, written in lower case with dashes.
     */
    <E extends Enum<E>> E enumValue(final Class<E> type, final String what) throws RoutingConfigException
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

    private ConfigObject object() throws RoutingConfigException
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
