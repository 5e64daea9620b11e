package io.hotpath.gateway.auth;

import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * Tells who a call is from, by the credentials it carries, for every front:
 *
 * <pre>
 *   x-api-key: &lt;key&gt;                looked up by its SHA-256 in {@link ApiKeyStore}
 *   authorization: Bearer &lt;JWT&gt;     checked by {@link JwtAuthenticator}
 *   neither, over mutual TLS          the client certificate's subject, if the config maps it to a tenant
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
    public static final Authenticator OFF = new Authenticator(false, new ApiKeyStore(Map.of()), null, Map.of());

    private static final String BEARER = "Bearer ";
    private static final Outcome ANYONE = new Outcome(Principal.ANYONE, null);

    private final boolean required;
    private final ApiKeyStore apiKeys;
    private final JwtAuthenticator jwt;
    private final Map<String, Principal> certificates;

    /**
     * @param required     false lets every call through.
     * @param jwt          checks bearer tokens; null when none are accepted.
     * @param certificates principals by client certificate subject, in RFC 2253 form ({@link #subject}).
     */
    public Authenticator(final boolean required, final ApiKeyStore apiKeys, final JwtAuthenticator jwt,
        final Map<String, Principal> certificates)
    {
        this.required = required;
        this.apiKeys = apiKeys;
        this.jwt = jwt;
        this.certificates = Map.copyOf(certificates);
    }

    /**
     * @return a subject in the form the certificate map is keyed by (RFC 2253, as the JDK prints it).
     * @throws IllegalArgumentException if it is not a distinguished name.
     */
    public static String subject(final String distinguishedName)
    {
        return new X500Principal(distinguishedName).getName(X500Principal.RFC2253);
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
        return authenticate(authorization, apiKey, null);
    }

    /**
     * @param authorization the {@code authorization} header, or null.
     * @param apiKey        the {@code x-api-key} header, or null.
     * @param client        the client certificate the TLS handshake verified, or null.
     */
    public Outcome authenticate(final String authorization, final String apiKey, final X509Certificate client)
    {
        if (!required)
        {
            return ANYONE;
        }
        if (apiKey == null && authorization == null && client != null)
        {
            final String subject = client.getSubjectX500Principal().getName(X500Principal.RFC2253);
            final Principal principal = certificates.get(subject);
            return principal != null ? new Outcome(principal, null)
                : new Outcome(null, "client certificate " + subject + " is not mapped to a tenant; send credentials");
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
