package io.hotpath.fraud;

/**
 * A tenant fraud config that cannot be used; the message names the file, the line and the field.
 */
public final class FraudConfigException extends Exception
{
    private static final long serialVersionUID = 1L;

    public FraudConfigException(final String message)
    {
        super(message, null, false, false);
    }
}
