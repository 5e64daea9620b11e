package io.hotpath.pricing;

import static io.hotpath.pricing.PricingHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.sbe.ResultCode;
import io.hotpath.pricing.state.FxRates;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * A price converted into any ISO 4217 currency equals the exact rational value, rounded once to
 * that currency's minor units by the book's mode: checked against {@link BigDecimal} for every
 * currency, in both directions of the rate, for every rounding mode.
 */
class CurrencyRoundingPropertiesTest
{
    private static final List<Currency> CURRENCIES = Currency.getAvailableCurrencies().stream()
        .filter(c -> c.getNumericCode() > 0 && c.getDefaultFractionDigits() >= 0 && !"EUR".equals(c.getCurrencyCode()))
        .sorted(Comparator.comparing(Currency::getCurrencyCode))
        .toList();
    private static final RoundingMode[] MODES = {
        RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.HALF_DOWN, RoundingMode.UP, RoundingMode.DOWN,
        RoundingMode.CEILING, RoundingMode.FLOOR};

    @Test
    void shouldConvertIntoEveryCurrencyToItsMinorUnits()
    {
        assertThat(CURRENCIES).extracting(Currency::getDefaultFractionDigits).contains(0, 2, 3);
        for (final Currency currency : CURRENCIES)
        {
            for (final RoundingMode mode : MODES)
            {
                checkConversion(currency, 123_456_789, 1_234_567_891L, 37, mode, true);
                checkConversion(currency, 99, 987_654_321L, 0, mode, false);
            }
        }
    }

    @Property(tries = 400)
    void shouldMatchTheExactValueRoundedOnce(
        @ForAll("currencies") final Currency currency,
        @ForAll @LongRange(min = 1, max = 1_000_000_000L) final long price,
        @ForAll("rates") final long rate,
        @ForAll @IntRange(min = 0, max = 500) final int spreadBps,
        @ForAll("modes") final RoundingMode mode,
        @ForAll final boolean direct)
    {
        checkConversion(currency, price, rate, spreadBps, mode, direct);
    }

    @Provide
    Arbitrary<Currency> currencies()
    {
        return Arbitraries.of(CURRENCIES);
    }

    @Provide
    Arbitrary<Long> rates()
    {
        return Arbitraries.longs().between(FxRates.MIN_RATE, FxRates.MAX_RATE);
    }

    @Provide
    Arbitrary<RoundingMode> modes()
    {
        return Arbitraries.of(MODES);
    }

    private static void checkConversion(
        final Currency currency, final long price, final long rate, final int spreadBps, final RoundingMode mode, final boolean direct)
    {
        final String alpha = currency.getCurrencyCode();
        final PricingHarness harness = new PricingHarness();
        final String config = String.format(Locale.ROOT, """
            currency = EUR
            currencies { %s { spread-bps = %d } }
            fx.rounding = %s
            skus = [ { sku = ITEM, price = %d } ]
            """, alpha, spreadBps, mode.name().toLowerCase(Locale.ROOT).replace('_', '-'), price);
        assertThat(harness.applyConfig(config)).isNull();
        harness.market(NOW, m ->
        {
            if (direct)
            {
                m.fxRate(PricingHarness.currency("EUR"), currency.getNumericCode(), rate);
            }
            else
            {
                m.fxRate(currency.getNumericCode(), PricingHarness.currency("EUR"), rate);
            }
        });

        final PricingHarness.Quote quote = harness.quote("ITEM", 1, alpha, NOW);

        final BigDecimal expected = expected(price, currency.getDefaultFractionDigits(), rate, spreadBps, mode, direct);
        if (expected.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0)
        {
            assertThat(quote.code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
            return;
        }
        assertThat(quote.code()).as("%s %s", alpha, quote.failure()).isEqualTo(ResultCode.OK);
        assertThat(quote.unit()).as("%s %d at %d %s %s", alpha, price, rate, direct ? "direct" : "inverse", mode)
            .isEqualTo(expected.longValueExact());
    }

    /**
     * EUR minor units x rate x (1 + spread) in the other currency's minor units, as an exact fraction, rounded once.
     */
    private static BigDecimal expected(
        final long price, final int digits, final long rate, final int spreadBps, final RoundingMode mode, final boolean direct)
    {
        BigInteger numerator = BigInteger.valueOf(price).multiply(BigInteger.valueOf(10_000L + spreadBps))
            .multiply(BigInteger.TEN.pow(digits));
        BigInteger denominator = BigInteger.valueOf(100).multiply(BigInteger.valueOf(10_000));
        if (direct)
        {
            numerator = numerator.multiply(BigInteger.valueOf(rate));
            denominator = denominator.multiply(BigInteger.valueOf(1_000_000_000L));
        }
        else
        {
            numerator = numerator.multiply(BigInteger.valueOf(1_000_000_000L));
            denominator = denominator.multiply(BigInteger.valueOf(rate));
        }
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), 0, mode);
    }
}
