package io.hotpath.journal;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One end of a range of commands: an engine sequence (the n-th command of a shard's journal, from
 * 1) or an instant of command time.
 *
 * @param sequence the engine sequence, or 0 when the bound is a time.
 * @param time     epoch nanoseconds, or 0 when the bound is a sequence.
 */
public record Bound(long sequence, long time)
{
    /** No bound. */
    public static final Bound NONE = new Bound(0, 0);

    /**
     * @param text a whole number (an engine sequence) or an ISO-8601 instant such as {@code 2026-11-23T06:00:00Z}.
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
            return new Bound(sequence, 0);
        }
        try
        {
            final Instant instant = Instant.parse(trimmed);
            return new Bound(0, instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("expected an engine sequence or an ISO-8601 instant such as 2026-11-23T06:00:00Z, was "
                + trimmed);
        }
    }

    public boolean isSet()
    {
        return sequence != 0 || time != 0;
    }

    /**
     * As the start of a range: is the command numbered {@code engineSequence}, at {@code ingressTime}, inside?
     */
    public boolean lowerAdmits(final long engineSequence, final long ingressTime)
    {
        return !isSet() || (sequence != 0 ? engineSequence >= sequence : ingressTime >= time);
    }

    /**
     * As the end of a range: is the command numbered {@code engineSequence}, at {@code ingressTime}, inside?
     */
    public boolean upperAdmits(final long engineSequence, final long ingressTime)
    {
        return !isSet() || (sequence != 0 ? engineSequence <= sequence : ingressTime <= time);
    }
}
