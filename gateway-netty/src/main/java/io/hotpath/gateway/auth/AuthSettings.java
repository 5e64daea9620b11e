package io.hotpath.gateway.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code hotpath.auth} and {@code hotpath.quotas} blocks:
 *
 * <pre>
 *   auth {
 *     mode = required                      # or off: every call is let through (loopback addresses only)
 *     api-keys = [ { name = checkout, tenant = 42, sha256 = "9f86d0..." }
 *                  { name = ops, role = operator, sha256 = "..." } ]
 *     client-certificates = [ { subject = "CN=checkout,O=Acme", tenant = 42 } ]     # over mutual TLS
 *     jwt { hs256-secret = "base64...", rs256-public-key-file = "issuer.pem", tenant-claim = tenant, role-claim = role,
 *           issuer = "", audience = "", clock-skew = 30s }
 *   }
 *   quotas { rate = 0, burst = 0, in-flight = 1024, tenants = [ { tenant = 42, rate = 500, burst = 1000, in-flight = 64 } ] }
 * </pre>
 *
 * @param required       false lets every call through.
 * @param apiKeys        principals by the SHA-256 of their key.
 * @param jwt            checks bearer tokens, or null when none are accepted.
 * @param certificates   principals by client certificate subject (RFC 2253), for mutual TLS.
 * @param quotaDefaults  every tenant's quota.
 * @param quotaOverrides tenants with a quota of their own.
 */
public record AuthSettings(boolean required, ApiKeyStore apiKeys, JwtAuthenticator jwt, Map<String, Principal> certificates,
    TenantQuotas.Limits quotaDefaults, Map<Long, TenantQuotas.Limits> quotaOverrides)
{
    /**
     * @param auth   the {@code hotpath.auth} block.
     * @param quotas the {@code hotpath.quotas} block.
     * @throws IllegalArgumentException naming the setting that is wrong.
     */
    public static AuthSettings from(final Config auth, final Config quotas)
    {
        final String mode = auth.getString("mode").toLowerCase(Locale.ROOT);
        if (!mode.equals("off") && !mode.equals("required"))
        {
            throw new IllegalArgumentException("hotpath.auth.mode must be off or required, was " + mode);
        }
        final Map<String, Principal> keys = new HashMap<>();
        for (final Config key : auth.getConfigList("api-keys"))
        {
            final String name = key.getString("name");
            final String hash = key.getString("sha256").toLowerCase(Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}"))
            {
                throw new IllegalArgumentException("hotpath.auth.api-keys: " + name + ": sha256 must be 64 hex digits");
            }
            final boolean operator = key.hasPath("role") && key.getString("role").equals("operator");
            final long tenant = key.hasPath("tenant") ? key.getLong("tenant") : 0;
            if (!operator && tenant <= 0)
            {
                throw new IllegalArgumentException("hotpath.auth.api-keys: " + name + ": give tenant (> 0) or role = operator");
            }
            keys.put(hash, new Principal(name, operator ? 0 : tenant, operator));
        }
        return new AuthSettings(mode.equals("required"), new ApiKeyStore(keys), jwt(auth.getConfig("jwt")), certificates(auth),
            limits(quotas, "hotpath.quotas"), overrides(quotas));
    }

    /**
     * @return the authenticator these settings describe.
     */
    public Authenticator authenticator()
    {
        return required ? new Authenticator(true, apiKeys, jwt, certificates) : Authenticator.OFF;
    }

    /**
     * @return fresh quota state for these settings.
     */
    public TenantQuotas quotas()
    {
        return new TenantQuotas(quotaDefaults, quotaOverrides);
    }

    private static Map<String, Principal> certificates(final Config auth)
    {
        final Map<String, Principal> certificates = new HashMap<>();
        for (final Config entry : auth.getConfigList("client-certificates"))
        {
            final String subject;
            try
            {
                subject = Authenticator.subject(entry.getString("subject"));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("hotpath.auth.client-certificates: " + entry.getString("subject")
                    + " is not a distinguished name", ex);
            }
            final boolean operator = entry.hasPath("role") && entry.getString("role").equals("operator");
            final long tenant = entry.hasPath("tenant") ? entry.getLong("tenant") : 0;
            if (!operator && tenant <= 0)
            {
                throw new IllegalArgumentException(
                    "hotpath.auth.client-certificates: " + subject + ": give tenant (> 0) or role = operator");
            }
            certificates.put(subject, new Principal(subject, operator ? 0 : tenant, operator));
        }
        return certificates;
    }

    private static JwtAuthenticator jwt(final Config jwt)
    {
        final String secret = jwt.getString("hs256-secret");
        final String keyFile = jwt.getString("rs256-public-key-file");
        if (secret.isEmpty() && keyFile.isEmpty())
        {
            return null;
        }
        final byte[] hmac;
        try
        {
            hmac = secret.isEmpty() ? null : Base64.getDecoder().decode(secret);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("hotpath.auth.jwt.hs256-secret must be base64", ex);
        }
        return new JwtAuthenticator(hmac, keyFile.isEmpty() ? null : rsaPublicKey(Path.of(keyFile)), jwt.getString("tenant-claim"),
            jwt.getString("role-claim"), jwt.getString("issuer"), jwt.getString("audience"), jwt.getDuration("clock-skew"));
    }

    /**
     * @return the RSA public key of a PEM file ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo).
     */
    static RSAPublicKey rsaPublicKey(final Path pem)
    {
        try
        {
            final String text = Files.readString(pem, StandardCharsets.US_ASCII);
            final String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            return (RSAPublicKey)KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("hotpath.auth.jwt.rs256-public-key-file: cannot read " + pem, ex);
        }
        catch (final GeneralSecurityException | IllegalArgumentException | ClassCastException ex)
        {
            throw new IllegalArgumentException("hotpath.auth.jwt.rs256-public-key-file: " + pem + " is not a PEM RSA public key", ex);
        }
    }

    private static TenantQuotas.Limits limits(final Config config, final String where)
    {
        try
        {
            return new TenantQuotas.Limits(config.getLong("rate"), config.getLong("burst"), config.getInt("in-flight"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
        }
    }

    private static Map<Long, TenantQuotas.Limits> overrides(final Config quotas)
    {
        final TenantQuotas.Limits defaults = limits(quotas, "hotpath.quotas");
        final Map<Long, TenantQuotas.Limits> overrides = new HashMap<>();
        for (final Config tenant : quotas.getConfigList("tenants"))
        {
            final Config withDefaults = tenant.withFallback(ConfigFactory.parseMap(Map.of(
                "rate", defaults.ratePerSecond(), "burst", defaults.burst(), "in-flight", defaults.inFlight())));
            overrides.put(tenant.getLong("tenant"), limits(withDefaults, "hotpath.quotas.tenants"));
        }
        return overrides;
    }

    /**
     * @return a readable form, without secrets.
     */
    @Override
    public String toString()
    {
        return "AuthSettings[required=" + required + ", jwt=" + (jwt != null) + "]";
    }
}
