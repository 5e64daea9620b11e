package io.hotpath.routing.config;

/**
 * A processor's fee: a fixed part in minor units plus basis points of the amount, optionally
 * different per card network. The basis-point part rounds half up to the minor unit.
 *
 * @param fixed        fixed fee per network, indexed by {@code CardNetwork} value.
 * @param basisPoints  basis points per network, indexed by {@code CardNetwork} value.
 */
public record FeeModel(long[] fixed, int[] basisPoints)
{
    /**
     * @return the fee in minor units for {@code amount} minor units on {@code network}.
     */
    public long fee(final long amount, final int network)
    {
        return fixed[network] + (amount * basisPoints[network] + 5_000) / 10_000;
    }
}
