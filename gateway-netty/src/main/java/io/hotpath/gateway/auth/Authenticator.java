package io.hotpath.gateway.auth;

import java.util.Date;

/**
 * Tells who a call is from, by the credentials it carries, for every front:
 *
 * <pre>
 *   authorization: Bearer &lt;JWT&gt;     checked by {@link JwtAuthenticator}
 *   x-api-key: &lt;key&gt;                looked up by its SHA-256 in {@link ApiKeyStore}
 * </pre>
 *
 * When authentication is off (allowed only on a loopback address) every call is {@link Principal#ANYONE}.
 *
 * <p>Thread-safe: immutable once built.
 */
public final class Authenticator
{
    /** Who a call is from, or why it was refused. */
    public record Outcome(Principal principal, String refusal)
    {
        public boolean authenticated()
        {
            return principal != null;
        }
    }

    /** Lets every call through as {@link Principal#ANYONE}. */
    public static final Authenticator OFF = new Authenticator(false, new ApiKeyStore(java.util.Map.of()), null);

    private static final String BEARER = "Bearer ";
    private static final Outcome ANYONE = new Outcome(Principal.ANYONE, null);

    private final boolean required;
    private final ApiKeyStore apiKeys;
    private final JwtAuthenticator jwt;

    /**
     * @param required false lets every call through.
     * @param jwt      checks bearer tokens; null when none are accepted.
     */
    public Authenticator(final boolean required, final ApiKeyStore apiKeys, final JwtAuthenticator jwt)
    {
        this.required = required;
        this.apiKeys = apiKeys;
        this.jwt = jwt;
    }

    public boolean required()
    {
        return required;
    }

    /**
     * @param authorization the {@code authorization} header, or null.
     * @param apiKey        the {@code x-api-key} header, or null.
     */
    public Outcome authenticate(final String authorization, final String apiKey)
    {
        if (!required)
        {
            return ANYONE;
        }
        if (apiKey != null)
        {
            final Principal principal = apiKeys.find(apiKey);
            return principal != null ? new Outcome(principal, null) : new Outcome(null, "unknown API key");
        }
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length()))
        {
            if (jwt == null)
            {
                return new Outcome(null, "bearer tokens are not accepted here; send an x-api-key");
            }
            final JwtAuthenticator.Outcome verified = jwt.verify(authorization.substring(BEARER.length()).trim(), new Date());
            return verified.principal() != null ? new Outcome(verified.principal(), null)
                : new Outcome(null, "bearer token refused: " + verified.refusal());
        }
        return new Outcome(null, "credentials required: an x-api-key header or authorization: Bearer <JWT>");
    }
}
