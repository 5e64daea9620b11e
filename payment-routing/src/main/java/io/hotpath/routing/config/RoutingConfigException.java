package io.hotpath.routing.config;

/**
 * A routing config that cannot be used. The message names the origin (a file name), the line,
 * the path of the field and the problem: {@code routing-42.conf:7: processors[1].currencies[2]: unknown currency "EUX"}.
 */
public final class RoutingConfigException extends Exception
{
    private static final long serialVersionUID = 1L;

    public RoutingConfigException(final String message)
    {
        super(message, null, false, false);
    }
}
