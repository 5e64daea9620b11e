package io.hotpath.pricing.book;

/**
 * How promotions that apply together combine.
 *
 * @param additive false: only the one that takes most off applies (best-of). true: each applies to
 *                 the price before promotions and the discounts add up, to at most {@code capPpm}.
 * @param capPpm   with {@code additive}, the largest share of the price promotions may take off together.
 */
public record Stacking(boolean additive, long capPpm)
{
    public static final Stacking BEST_OF = new Stacking(false, 0);
}
