package io.hotpath.fraud.velocity;

/**
 * What a velocity counter is kept per. Each value is a 64-bit key computed at the edge (a keyed
 * card fingerprint, a hash of the email, and so on), never the raw value.
 */
public enum VelocityKey
{
    CARD(false, VelocityWindow.HOUR, VelocityWindow.DAY),
    CUSTOMER(true),
    EMAIL(false, VelocityWindow.DAY),
    IP(true),
    DEVICE(true),
    BIN(false, VelocityWindow.HOUR);

    private final boolean remembersCards;
    private final int windows;

    VelocityKey(final boolean remembersCards, final VelocityWindow... windows)
    {
        this.remembersCards = remembersCards;
        int mask = 0;
        for (final VelocityWindow window : windows)
        {
            mask |= 1 << window.ordinal();
        }
        this.windows = mask;
    }

    /**
     * @return true if the store keeps counts and amounts of this key type over {@code window}: the windows a feature
     *         reads (a card's hour and day, a BIN's hour, an email's day). Every window kept costs each payment an
     *         update of its running totals and its bucket.
     */
    public boolean keeps(final VelocityWindow window)
    {
        return (windows & 1 << window.ordinal()) != 0;
    }

    /**
     * @return true if the store remembers the distinct cards seen with a key of this type: the types a feature reads
     *         them for (a customer's known cards, a device's and an IP's distinct cards). Remembering them for the
     *         others would cost a pass over the card memory on every payment for nothing.
     */
    public boolean remembersCards()
    {
        return remembersCards;
    }
}
