package io.hotpath.fraud.model;

import io.hotpath.core.logic.AsciiText;

/**
 * The inputs a fraud model may use, by the names a model's feature map declares. The scorer fills
 * them from the payment and the velocity store; a model names the subset it was trained on, in
 * its own order.
 */
public enum FraudFeature
{
    /** Amount in major units of the currency. */
    AMOUNT("amount"),
    /** Hour of the ingress time, UTC, 0 to 23. */
    HOUR_OF_DAY("hour_of_day"),
    /** Payments with this card fingerprint in the last hour. */
    CARD_COUNT_1H("card_count_1h"),
    /** Amount in major units with this card fingerprint in the last 24 hours. */
    CARD_AMOUNT_24H("card_amount_24h"),
    /** Distinct card fingerprints seen with this device in the last 24 hours. */
    DEVICE_DISTINCT_CARDS_24H("device_distinct_cards_24h"),
    /** Distinct card fingerprints seen from this IP in the last hour. */
    IP_DISTINCT_CARDS_1H("ip_distinct_cards_1h"),
    /** Payments with this email in the last 24 hours. */
    EMAIL_COUNT_24H("email_count_24h"),
    /** 1 when the card's issuer country differs from the customer's country, else 0. */
    COUNTRY_MISMATCH("country_mismatch"),
    /** 1 when 3-D Secure authenticated the payment, else 0. */
    THREE_DS_AUTHENTICATED("three_ds_authenticated"),
    /** 1 for mail or telephone orders, else 0. */
    MOTO("moto"),
    /** Payments with this BIN in the last hour. */
    BIN_COUNT_1H("bin_count_1h"),
    /** 1 when the customer has paid with this card before, else 0. */
    KNOWN_CARD("known_card");

    private final String modelName;
    private final byte[] modelNameAscii;

    FraudFeature(final String modelName)
    {
        this.modelName = modelName;
        this.modelNameAscii = AsciiText.of(modelName);
    }

    /**
     * @return the name a model's feature map uses for this feature.
     */
    public String modelName()
    {
        return modelName;
    }

    /**
     * @return {@link #modelName()} as a result carries it ({@link AsciiText}); not to be modified.
     */
    public byte[] modelNameAscii()
    {
        return modelNameAscii;
    }

    /**
     * @return the feature called {@code name} in a model, or null.
     */
    public static FraudFeature byModelName(final String name)
    {
        for (final FraudFeature feature : values())
        {
            if (feature.modelName.equals(name))
            {
                return feature;
            }
        }
        return null;
    }
}
