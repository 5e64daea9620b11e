package io.hotpath.bench.load;

/**
 * What the load generator sends: a payment decision (fraud score, then routing), a price quote, and
 * the two kinds of feedback on a payment decided earlier in the run, its processor's outcome and a
 * fraud label.
 */
public enum LoadKind
{
    DECIDE("decide"),
    QUOTE("quote"),
    OUTCOME("outcome"),
    LABEL("label");

    private final String label;

    LoadKind(final String label)
    {
        this.label = label;
    }

    public String label()
    {
        return label;
    }

    static LoadKind of(final String name)
    {
        for (final LoadKind kind : values())
        {
            if (kind.label.equals(name))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("--mix: unknown kind \"" + name + "\"; the kinds are decide, quote, outcome and label");
    }
}
