package io.hotpath.fraud.rules;

import io.hotpath.fraud.model.FraudFeature;
import java.util.Locale;

/**
 * What a fraud rule can test: every model feature by its model name, the model's score, and list
 * membership. Booleans are 1 or 0.
 */
public enum RuleVariable
{
    AMOUNT(FraudFeature.AMOUNT),
    HOUR_OF_DAY(FraudFeature.HOUR_OF_DAY),
    CARD_COUNT_1H(FraudFeature.CARD_COUNT_1H),
    CARD_AMOUNT_24H(FraudFeature.CARD_AMOUNT_24H),
    DEVICE_DISTINCT_CARDS_24H(FraudFeature.DEVICE_DISTINCT_CARDS_24H),
    IP_DISTINCT_CARDS_1H(FraudFeature.IP_DISTINCT_CARDS_1H),
    EMAIL_COUNT_24H(FraudFeature.EMAIL_COUNT_24H),
    COUNTRY_MISMATCH(FraudFeature.COUNTRY_MISMATCH),
    THREE_DS_AUTHENTICATED(FraudFeature.THREE_DS_AUTHENTICATED),
    MOTO(FraudFeature.MOTO),
    BIN_COUNT_1H(FraudFeature.BIN_COUNT_1H),
    KNOWN_CARD(FraudFeature.KNOWN_CARD),
    /** The model's score, 0 to 1000. */
    SCORE(null),
    CARD_BLOCKED(null),
    BIN_BLOCKED(null),
    EMAIL_BLOCKED(null),
    IP_BLOCKED(null),
    DEVICE_BLOCKED(null),
    COUNTRY_BLOCKED(null),
    CARD_ALLOWED(null),
    EMAIL_ALLOWED(null),
    IP_ALLOWED(null),
    DEVICE_ALLOWED(null);

    private final FraudFeature feature;

    RuleVariable(final FraudFeature feature)
    {
        this.feature = feature;
    }

    /**
     * @return the model feature this variable is, or null.
     */
    public FraudFeature feature()
    {
        return feature;
    }

    /**
     * @return the name rules use: the lower-case constant name.
     */
    public String ruleName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the variable called {@code name} in rules, or null.
     */
    public static RuleVariable byRuleName(final String name)
    {
        for (final RuleVariable variable : values())
        {
            if (variable.ruleName().equals(name))
            {
                return variable;
            }
        }
        return null;
    }
}
