package io.hotpath.core.logic;

/**
 * How long and how much a shard remembers of commands sent with an idempotency key. A retry past
 * either bound is applied as a new command, so callers retry within the window.
 *
 * @param window     nanoseconds of command time a result is remembered for.
 * @param maxEntries results remembered at most.
 * @param maxBytes   bytes of results remembered at most; the store grows to it as it fills.
 */
public record IdempotencyLimits(long window, int maxEntries, int maxBytes)
{
    /** A day, 131,072 results, 32 MiB. */
    public static final IdempotencyLimits DEFAULTS = new IdempotencyLimits(86_400_000_000_000L, 131_072, 32 << 20);

    public IdempotencyLimits
    {
        if (window <= 0 || maxEntries < 1 || maxBytes < 4096)
        {
            throw new IllegalArgumentException("idempotency limits: window > 0, entries >= 1, bytes >= 4096");
        }
    }
}
