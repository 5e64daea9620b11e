package io.hotpath.tools.journal;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads a duration as the engine config writes one ({@code 500ms}, {@code 10s}, {@code 1m}, {@code 1h}).
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration>
{
    @Override
    public Duration convert(final String text)
    {
        try
        {
            final Duration duration = ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
            if (duration.isNegative() || duration.isZero())
            {
                throw new CommandLine.TypeConversionException("a duration must be positive: " + text);
            }
            return duration;
        }
        catch (final ConfigException ex)
        {
            throw new CommandLine.TypeConversionException("expected a duration such as 500ms, 10s or 1m, was " + text);
        }
    }
}
