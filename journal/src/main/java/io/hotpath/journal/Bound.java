package io.hotpath.journal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * One end of a range of a shard's commands: an engine sequence (the n-th command of the shard, from
 * 1), a journal index (as {@code journal dump} prints it, {@code 0x...}) or an instant of command time.
 *
 * @param sequence     the engine sequence, or 0.
 * @param journalIndex the journal index, or 0.
 * @param time         epoch nanoseconds, or 0.
 */
public record Bound(long sequence, long journalIndex, long time)
{
    /** No bound. */
    public static final Bound NONE = new Bound(0, 0, 0);

    /**
     * @param text a whole number (an engine sequence), {@code 0x} and hex digits (a journal index) or an
     *             ISO-8601 instant such as {@code 2026-11-23T06:00:00Z}; null or blank for none.
     * @throws IllegalArgumentException naming what was wrong.
     */
    public static Bound parse(final String text)
    {
        if (text == null || text.isBlank())
        {
            return NONE;
        }
        final String trimmed = text.trim();
        if (trimmed.chars().allMatch(Character::isDigit))
        {
            final long sequence = Long.parseLong(trimmed);
            if (sequence < 1)
            {
                throw new IllegalArgumentException("an engine sequence starts at 1, was " + trimmed);
            }
            return new Bound(sequence, 0, 0);
        }
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("0x"))
        {
            try
            {
                return new Bound(0, Long.parseUnsignedLong(trimmed.substring(2), 16), 0);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("a journal index is 0x and hex digits, was " + trimmed);
            }
        }
        try
        {
            final Instant instant = Instant.parse(trimmed);
            return new Bound(0, 0, instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("expected an engine sequence, a journal index (0x...) or an ISO-8601 instant such as "
                + "2026-11-23T06:00:00Z, was " + trimmed);
        }
    }

    public boolean isSet()
    {
        return sequence != 0 || journalIndex != 0 || time != 0;
    }

    /**
     * As the start of a range: is the command {@code command} last read inside?
     */
    public boolean lowerAdmits(final CommandCursor command)
    {
        if (sequence != 0)
        {
            return command.sequence() >= sequence;
        }
        if (journalIndex != 0)
        {
            return command.index() >= journalIndex;
        }
        return time == 0 || command.ingressTime() >= time;
    }

    /**
     * As the end of a range: is the command {@code command} last read inside?
     */
    public boolean upperAdmits(final CommandCursor command)
    {
        if (sequence != 0)
        {
            return command.sequence() <= sequence;
        }
        if (journalIndex != 0)
        {
            return command.index() <= journalIndex;
        }
        return time == 0 || command.ingressTime() <= time;
    }
}
