package io.hotpath.pricing;

/**
 * Price books for the tests: a base catalogue in euros, and whatever a test adds (HOCON lets a
 * later key replace an earlier one).
 */
final class PricingConfigs
{
    static final String BASE = """
        currency = EUR
        currencies {
          USD { spread-bps = 50 }
          JPY { spread-bps = 80, ending = { value = 80, step = 100 } }
          KWD { spread-bps = 100 }
          GBP { spread-bps = 60, ending = 99 }
        }
        segments = [retail, business, vip]
        channels = [web, app, marketplace]
        skus = [
          { sku = TV-55, price = 100000, cost = 60000, floor = 70000, ceiling = 150000, group = tv }
          { sku = TV-65, price = 200000, cost = 120000, group = tv }
          { sku = MILK-1L, price = 129, cost = 80, group = grocery }
          { sku = BOOK-1, price = 1999, cost = 500, group = books }
          { sku = GUM, price = 250, group = sweets }
          { sku = PEN, price = 150, group = office }
        ]
        """;

    private PricingConfigs()
    {
    }

    static String book(final String extra)
    {
        return BASE + extra;
    }
}
