package io.hotpath.pricing.book;

/**
 * Who a rule is for: customer segments and sales channels by text key. An empty list means any;
 * a rule limited to segments does not apply to a quote that names none.
 */
public final class Audience
{
    /** Any segment, any channel. */
    public static final Audience ANYONE = new Audience(new long[0], new long[0]);

    private final long[] segments;
    private final long[] channels;

    public Audience(final long[] segments, final long[] channels)
    {
        this.segments = segments.clone();
        this.channels = channels.clone();
    }

    public boolean includes(final long segmentKey, final long channelKey)
    {
        return matches(segments, segmentKey) && matches(channels, channelKey);
    }

    private static boolean matches(final long[] keys, final long key)
    {
        if (keys.length == 0)
        {
            return true;
        }
        for (final long candidate : keys)
        {
            if (candidate == key)
            {
                return true;
            }
        }
        return false;
    }
}
