package io.hotpath.fraud.rules;

/**
 * What a fraud rule does when it fires. Precedence, as in Stripe Radar: an allow (rule or allow
 * list) wins; then block, challenge (3-D Secure step-up), review. {@code SCORE} rules only add to
 * the score.
 */
public enum RuleAction
{
    ALLOW,
    BLOCK,
    CHALLENGE,
    REVIEW,
    SCORE
}
