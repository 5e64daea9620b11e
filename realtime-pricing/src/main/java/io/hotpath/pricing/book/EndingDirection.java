package io.hotpath.pricing.book;

/**
 * Which price ending a price moves to. Whichever is chosen, an ending that would cross the floor or
 * the ceiling gives way to the one on the other side, and none applies if both would.
 */
public enum EndingDirection
{
    /** The ending at or below the price. */
    DOWN,
    /** The nearer of the endings around the price; up on a tie. */
    NEAREST,
    /** The ending at or above the price. */
    UP
}
