package io.hotpath.core.config;

/**
 * A tenant config that cannot be used. The message names the origin (a file name), the line, the
 * path of the field and the problem: {@code pricing-42.conf:7: skus[1].price: must be > 0, was 0}.
 *
 * <p>Thrown while a config is parsed, off the hot path; no stack trace is filled in, because the
 * message is the whole story.
 */
public class ConfigProblem extends Exception
{
    private static final long serialVersionUID = 1L;

    public ConfigProblem(final String message)
    {
        super(message, null, false, false);
    }
}
