package io.hotpath.fraud.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compiles a fraud rule file: one rule a line, {@code #} starts a comment.
 *
 * <pre>
 *   rule       := [ "shadow" ] action name "if" expression
 *   action     := "allow" | "block" | "challenge" | "review" | "score" ("+" | "-") number
 *   name       := a double-quoted string
 *   expression := and { "or" and }
 *   and        := unary { "and" unary }
 *   unary      := "not" unary | comparison
 *   comparison := operand [ ("&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "==" | "!=") operand ]
 *   operand    := number | "true" | "false" | variable | "(" expression ")"
 * </pre>
 *
 * Variables are the {@link RuleVariable} names: model features such as {@code card_count_1h},
 * {@code score}, and list membership such as {@code ip_blocked}. For example:
 *
 * <pre>
 *   block  "card testing"       if ip_distinct_cards_1h &gt;= 5 or device_distinct_cards_24h &gt;= 4
 *   review "large, unknown card" if amount &gt; 1000 and not known_card
 *   score +150 "night"          if hour_of_day &lt; 5
 *   shadow block "new idea"     if card_count_1h &gt;= 3 and country_mismatch
 * </pre>
 */
public final class RuleParser
{
    /** Most rules a file may hold. */
    public static final int MAX_RULES = 512;

    private final String origin;
    private final int line;
    private final List<String> tokens;
    private int position;

    private RuleParser(final String origin, final int line, final List<String> tokens)
    {
        this.origin = origin;
        this.line = line;
        this.tokens = tokens;
    }

    /**
     * @param origin the file name, for errors.
     */
    public static List<FraudRule> parse(final String text, final String origin) throws RuleSyntaxException
    {
        return parse(text, origin, 1);
    }

    /**
     * @param origin    the file name, for errors.
     * @param firstLine the line of the file the text starts on, when the rules sit inside a larger file.
     */
    public static List<FraudRule> parse(final String text, final String origin, final int firstLine) throws RuleSyntaxException
    {
        final String name = origin == null || origin.isEmpty() ? "rules" : origin;
        final List<FraudRule> rules = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final int line = firstLine + i;
            final List<String> tokens = tokenize(lines[i], name, line);
            if (tokens.isEmpty())
            {
                continue;
            }
            final FraudRule rule = new RuleParser(name, line, tokens).rule();
            if (!names.add(rule.name()))
            {
                throw new RuleSyntaxException(name + ":" + line + ": rule \"" + rule.name() + "\" is declared twice");
            }
            rules.add(rule);
            if (rules.size() > MAX_RULES)
            {
                throw new RuleSyntaxException(name + ":" + line + ": at most " + MAX_RULES + " rules");
            }
        }
        return rules;
    }

    private FraudRule rule() throws RuleSyntaxException
    {
        final boolean shadow = accept("shadow");
        final String word = next("an action (allow, block, challenge, review, score)");
        final RuleAction action;
        try
        {
            action = RuleAction.valueOf(word.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw error("expected an action (allow, block, challenge, review, score), found \"" + word + "\"");
        }
        int delta = 0;
        if (action == RuleAction.SCORE)
        {
            final String sign = next("+ or - after score");
            if (!"+".equals(sign) && !"-".equals(sign))
            {
                throw error("expected + or - after score, found \"" + sign + "\"");
            }
            delta = (int)number(next("a number after score " + sign), 0, 1000) * ("-".equals(sign) ? -1 : 1);
        }
        final String quoted = next("a rule name in double quotes");
        if (quoted.length() < 3 || quoted.charAt(0) != '"')
        {
            throw error("expected a rule name in double quotes, found \"" + quoted + "\"");
        }
        final String ruleName = quoted.substring(1, quoted.length() - 1);
        final String keyword = next("\"if\" after the rule name");
        if (!"if".equals(keyword))
        {
            throw error("expected \"if\" after the rule name, found \"" + keyword + "\"");
        }
        final Expr condition = expression();
        if (position < tokens.size())
        {
            throw error("unexpected \"" + tokens.get(position) + "\" after the condition");
        }
        return new FraudRule(ruleName, line, action, delta, shadow, condition);
    }

    private Expr expression() throws RuleSyntaxException
    {
        Expr left = and();
        while (accept("or"))
        {
            left = Expr.or(left, and());
        }
        return left;
    }

    private Expr and() throws RuleSyntaxException
    {
        Expr left = unary();
        while (accept("and"))
        {
            left = Expr.and(left, unary());
        }
        return left;
    }

    private Expr unary() throws RuleSyntaxException
    {
        if (accept("not"))
        {
            return Expr.not(unary());
        }
        final Expr left = operand();
        if (position < tokens.size() && isComparison(tokens.get(position)))
        {
            final String operator = tokens.get(position++);
            return Expr.compare(left, operator, operand());
        }
        return left;
    }

    private Expr operand() throws RuleSyntaxException
    {
        final String token = next("a number, a variable or \"(\"");
        if ("(".equals(token))
        {
            final Expr inner = expression();
            if (!accept(")"))
            {
                throw error("expected \")\"");
            }
            return inner;
        }
        if ("true".equals(token) || "false".equals(token))
        {
            return Expr.constant("true".equals(token) ? 1 : 0);
        }
        if (Character.isDigit(token.charAt(0)) || token.charAt(0) == '.')
        {
            return Expr.constant(number(token, -Double.MAX_VALUE, Double.MAX_VALUE));
        }
        final RuleVariable variable = RuleVariable.byRuleName(token);
        if (variable == null)
        {
            throw error("unknown variable \"" + token + "\"");
        }
        return Expr.variable(variable);
    }

    private double number(final String token, final double min, final double max) throws RuleSyntaxException
    {
        final double value;
        try
        {
            value = Double.parseDouble(token);
        }
        catch (final NumberFormatException ex)
        {
            throw error("expected a number, found \"" + token + "\"");
        }
        if (value < min || value > max)
        {
            throw error("number " + token + " is out of range [" + (long)min + ", " + (long)max + "]");
        }
        return value;
    }

    private boolean accept(final String token)
    {
        if (position < tokens.size() && tokens.get(position).equals(token))
        {
            position++;
            return true;
        }
        return false;
    }

    private String next(final String expected) throws RuleSyntaxException
    {
        if (position >= tokens.size())
        {
            throw error("expected " + expected + " at the end of the line");
        }
        return tokens.get(position++);
    }

    private RuleSyntaxException error(final String problem)
    {
        return new RuleSyntaxException(origin + ":" + line + ": " + problem);
    }

    private static boolean isComparison(final String token)
    {
        switch (token)
        {
            case "<":
            case "<=":
            case ">":
            case ">=":
            case "==":
            case "!=":
                return true;
            default:
                return false;
        }
    }

    private static List<String> tokenize(final String text, final String origin, final int line) throws RuleSyntaxException
    {
        final List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length())
        {
            final char c = text.charAt(i);
            if (c == '#')
            {
                break;
            }
            if (Character.isWhitespace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                final int end = text.indexOf('"', i + 1);
                if (end < 0)
                {
                    throw new RuleSyntaxException(origin + ":" + line + ": unterminated rule name");
                }
                tokens.add(text.substring(i, end + 1));
                i = end + 1;
            }
            else if (Character.isLetterOrDigit(c) || c == '_' || c == '.')
            {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                    || text.charAt(end) == '.'))
                {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            }
            else if ("<>!=".indexOf(c) >= 0 && i + 1 < text.length() && text.charAt(i + 1) == '=')
            {
                tokens.add(text.substring(i, i + 2));
                i += 2;
            }
            else if ("<>()+-".indexOf(c) >= 0)
            {
                tokens.add(String.valueOf(c));
                i++;
            }
            else
            {
                throw new RuleSyntaxException(origin + ":" + line + ": unexpected character '" + c + "'");
            }
        }
        return tokens;
    }
}
