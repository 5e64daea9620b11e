package io.hotpath.routing;

/**
 * Routing configs the tests start from.
 */
final class RoutingConfigs
{
    static final String PROCESSORS = """
        processors = [
          {
            id = adyen
            networks = [visa, mastercard, amex]
            currencies = [EUR, USD]
            fee { fixed = 10, bps = 150, by-network { amex { bps = 300 } } }
            volume-target = 60
            retriable-codes = ["05", "51"]
          }
          {
            id = stripe
            networks = [visa, mastercard]
            currencies = [EUR, USD, GBP]
            fee { fixed = 30, bps = 140 }
            volume-target = 40
          }
          {
            id = checkout
            networks = [visa, mastercard, discover]
            currencies = [EUR, USD]
            countries = [US]
            card-types = [credit]
            fee { fixed = 5, bps = 100 }
          }
        ]
        """;

    private RoutingConfigs()
    {
    }

    /**
     * The processors above, the given rules, and a priority default over adyen then stripe.
     */
    static String withRules(final String rules)
    {
        return PROCESSORS + "rules = [\n" + rules + "\n]\ndefault { strategy = priority, processors = [adyen, stripe] }\n";
    }

    /**
     * The processors above and one default route.
     */
    static String withDefault(final String strategy, final String extra)
    {
        return PROCESSORS + "default { strategy = " + strategy + ", processors = [adyen, stripe, checkout] }\n" + extra;
    }
}
