package io.hotpath.fraud.model;

/**
 * A model document that cannot be evaluated; the message says which part is wrong.
 */
public final class ModelFormatException extends Exception
{
    private static final long serialVersionUID = 1L;

    public ModelFormatException(final String message)
    {
        super(message, null, false, false);
    }
}
