package io.hotpath.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.List;

/**
 * Checks bearer tokens (JWT, signed HS256 with a shared secret or RS256 with the issuer's key) and
 * reads the caller from their claims:
 *
 * <pre>
 *   signature   HS256 or RS256, whichever this engine has a key for; "none" and every other algorithm refused
 *   exp         required, and in the future (within the allowed clock skew); nbf, if present, in the past
 *   iss, aud    must match when configured
 *   tenant      the tenant the caller acts for (a number, or a string of digits), unless
 *   role        is "operator": the control plane and every tenant
 *   sub         the caller's name, for errors and logs
 * </pre>
 *
 * <p>Thread-safe: immutable once built.
 */
public final class JwtAuthenticator
{
    /** Why a token was refused, or who it is from. */
    public record Outcome(Principal principal, String refusal)
    {
    }

    private final JWSVerifier hmac;
    private final JWSVerifier rsa;
    private final String tenantClaim;
    private final String roleClaim;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;

    /**
     * @param hmacSecret the HS256 secret, at least 32 bytes; null to refuse HS256.
     * @param rsaKey     the RS256 public key; null to refuse RS256.
     * @param issuer     the required {@code iss}, or empty for any.
     * @param audience   the required {@code aud}, or empty for any.
     * @throws IllegalArgumentException if the secret is too short, or neither key is given.
     */
    public JwtAuthenticator(final byte[] hmacSecret, final RSAPublicKey rsaKey, final String tenantClaim, final String roleClaim,
        final String issuer, final String audience, final Duration clockSkew)
    {
        if (hmacSecret == null && rsaKey == null)
        {
            throw new IllegalArgumentException("hotpath.auth.jwt: give hs256-secret or rs256-public-key-file");
        }
        try
        {
            this.hmac = hmacSecret == null ? null : new MACVerifier(hmacSecret);
        }
        catch (final JOSEException ex)
        {
            throw new IllegalArgumentException("hotpath.auth.jwt.hs256-secret must be at least 32 bytes: " + ex.getMessage(), ex);
        }
        this.rsa = rsaKey == null ? null : new RSASSAVerifier(rsaKey);
        this.tenantClaim = tenantClaim;
        this.roleClaim = roleClaim;
        this.issuer = issuer;
        this.audience = audience;
        this.clockSkew = clockSkew;
    }

    /**
     * @param token the compact JWT.
     * @param now   the time to judge expiry by.
     */
    public Outcome verify(final String token, final Date now)
    {
        final SignedJWT jwt;
        final JWTClaimsSet claims;
        try
        {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        }
        catch (final ParseException ex)
        {
            return refused("not a signed JWT");
        }
        final JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        final JWSVerifier verifier = JWSAlgorithm.HS256.equals(algorithm) ? hmac : JWSAlgorithm.RS256.equals(algorithm) ? rsa : null;
        if (verifier == null)
        {
            return refused("algorithm " + algorithm + " is not accepted");
        }
        try
        {
            if (!jwt.verify(verifier))
            {
                return refused("bad signature");
            }
        }
        catch (final JOSEException ex)
        {
            return refused("signature cannot be checked: " + ex.getMessage());
        }
        final long skew = clockSkew.toMillis();
        final Date expires = claims.getExpirationTime();
        if (expires == null)
        {
            return refused("no exp claim");
        }
        if (expires.getTime() + skew < now.getTime())
        {
            return refused("expired");
        }
        final Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.getTime() - skew > now.getTime())
        {
            return refused("not valid yet (nbf)");
        }
        if (!issuer.isEmpty() && !issuer.equals(claims.getIssuer()))
        {
            return refused("issuer " + claims.getIssuer() + " is not " + issuer);
        }
        final List<String> audiences = claims.getAudience();
        if (!audience.isEmpty() && (audiences == null || !audiences.contains(audience)))
        {
            return refused("audience is not " + audience);
        }
        final String name = claims.getSubject() == null ? "jwt" : claims.getSubject();
        if ("operator".equals(claims.getClaim(roleClaim)))
        {
            return new Outcome(new Principal(name, 0, true), null);
        }
        final long tenant = tenant(claims.getClaim(tenantClaim));
        if (tenant <= 0)
        {
            return refused("no " + tenantClaim + " claim with a tenant id > 0");
        }
        return new Outcome(new Principal(name, tenant, false), null);
    }

    private static long tenant(final Object claim)
    {
        if (claim instanceof Number number)
        {
            return number.longValue();
        }
        if (claim instanceof String text && !text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() < 19)
        {
            return Long.parseLong(text);
        }
        return 0;
    }

    private static Outcome refused(final String why)
    {
        return new Outcome(null, why);
    }
}
