package io.hotpath.fraud.rules;

/**
 * A rule file that does not compile. The message names the file and the line:
 * {@code rules-42.txt:7: expected "if" after the rule name, found "when"}.
 */
public final class RuleSyntaxException extends Exception
{
    private static final long serialVersionUID = 1L;

    public RuleSyntaxException(final String message)
    {
        super(message, null, false, false);
    }
}
