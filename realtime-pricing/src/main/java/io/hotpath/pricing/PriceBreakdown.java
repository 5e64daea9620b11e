package io.hotpath.pricing;

import io.hotpath.core.sbe.PriceLineKind;
import io.hotpath.core.sbe.ResultCode;

/**
 * A price as it was made: one line per step that changed it (or, for the base, started it), each
 * with the unit price after the step, then the unit and total price, or why there is no price.
 *
 * <p>Reused for every quote: not thread-safe, owned by the shard's logic thread, allocates nothing.
 */
public final class PriceBreakdown
{
    /** Most lines a breakdown holds; the config limits keep every price within it. */
    public static final int MAX_LINES = 40;

    private final PriceLineKind[] kinds = new PriceLineKind[MAX_LINES];
    private final int[] currencies = new int[MAX_LINES];
    private final long[] prices = new long[MAX_LINES];
    private final long[] factors = new long[MAX_LINES];
    private final String[] names = new String[MAX_LINES];
    private int count;
    private long unitPrice;
    private long totalPrice;
    private ResultCode failureCode;
    private String failure;

    void reset()
    {
        count = 0;
        unitPrice = 0;
        totalPrice = 0;
        failureCode = null;
        failure = null;
    }

    void line(final PriceLineKind kind, final int currency, final long price, final long factorPpm, final String name)
    {
        kinds[count] = kind;
        currencies[count] = currency;
        prices[count] = price;
        factors[count] = factorPpm;
        names[count] = name;
        count++;
    }

    void priced(final long unit, final long total)
    {
        unitPrice = unit;
        totalPrice = total;
    }

    /**
     * @return false, always, so a pricing step can {@code return breakdown.fail(...)}.
     */
    boolean fail(final ResultCode code, final String reason)
    {
        failureCode = code;
        failure = reason;
        return false;
    }

    public int lineCount()
    {
        return count;
    }

    public PriceLineKind kind(final int line)
    {
        return kinds[line];
    }

    public int currency(final int line)
    {
        return currencies[line];
    }

    /**
     * @return the unit price after the line's step, minor units of the line's currency.
     */
    public long price(final int line)
    {
        return prices[line];
    }

    /**
     * @return the step's multiplier in parts per million, or 0 for a step that sets a price.
     */
    public long factorPpm(final int line)
    {
        return factors[line];
    }

    public String name(final int line)
    {
        return names[line];
    }

    public long unitPrice()
    {
        return unitPrice;
    }

    public long totalPrice()
    {
        return totalPrice;
    }

    /**
     * @return the code of the last failure, or null when priced.
     */
    public ResultCode failureCode()
    {
        return failureCode;
    }

    public String failure()
    {
        return failure;
    }
}
