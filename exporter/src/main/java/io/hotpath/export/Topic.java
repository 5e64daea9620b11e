package io.hotpath.export;

/**
 * The platform's topics, one per domain of events. Each has a default name that config may change
 * ({@code hotpath.export.kafka.topics.<key>}).
 */
public enum Topic
{
    PAYMENTS("payments", "hotpath.payments"),
    ROUTING_OUTCOMES("routing-outcomes", "hotpath.routing-outcomes"),
    FRAUD_LABELS("fraud-labels", "hotpath.fraud-labels"),
    QUOTES("quotes", "hotpath.quotes"),
    MARKET_DATA("market-data", "hotpath.market-data"),
    CONFIG_CHANGES("config-changes", "hotpath.config-changes");

    private final String key;
    private final String defaultName;

    Topic(final String key, final String defaultName)
    {
        this.key = key;
        this.defaultName = defaultName;
    }

    /**
     * @return the topic's key in config and in metric labels.
     */
    public String key()
    {
        return key;
    }

    public String defaultName()
    {
        return defaultName;
    }
}
