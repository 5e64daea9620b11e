package io.hotpath.core.logic;

/**
 * The tables of a shard's state that hold a fixed number of keys and give up an old key to take a
 * new one once full. A key given up is forgotten: its counts start again from zero. Many evictions
 * mean a table smaller than the keys its traffic brings, which its limit setting can change.
 */
public enum EvictingTable
{
    /** Fraud velocity: cards, customers, emails, IPs, devices and BINs ({@code hotpath.fraud.limits.velocity-keys}). */
    VELOCITY("velocity"),
    /** Routing success-rate windows: (tenant, processor, segment). */
    SUCCESS_WINDOWS("success-windows"),
    /** Routing cascades: payments with an attempt open. */
    CASCADES("cascades"),
    /** Pricing market signals: (tenant, SKU) ({@code hotpath.pricing.limits.sku-signals}). */
    SKU_SIGNALS("sku-signals");

    private final String label;

    EvictingTable(final String label)
    {
        this.label = label;
    }

    /**
     * @return its name as a metric label.
     */
    public String label()
    {
        return label;
    }
}
