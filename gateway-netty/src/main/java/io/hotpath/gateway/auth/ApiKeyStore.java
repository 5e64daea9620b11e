package io.hotpath.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * API keys, known only by their SHA-256: the config holds hashes, never keys. A key is 32 random
 * bytes (base64url), so a plain hash is as good as a slow one here: nothing short enough to guess is
 * ever a key, which is what makes salted, slow hashes necessary for passwords.
 *
 * <p>Thread-safe: immutable once built.
 */
public final class ApiKeyStore
{
    private static final int KEY_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, Principal> byHash;

    /**
     * @param byHash principals by the lower-case hex SHA-256 of their key.
     */
    public ApiKeyStore(final Map<String, Principal> byHash)
    {
        this.byHash = Map.copyOf(byHash);
    }

    /**
     * @return the key's principal, or null for a key nobody holds.
     */
    public Principal find(final String key)
    {
        return byHash.get(hash(key));
    }

    public boolean isEmpty()
    {
        return byHash.isEmpty();
    }

    /**
     * @return the lower-case hex SHA-256 of the key's UTF-8 bytes, as the config holds it.
     */
    public static String hash(final String key)
    {
        try
        {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JVM has SHA-256", ex);
        }
    }

    /**
     * @return a new key: 32 bytes from a strong random source, base64url without padding.
     */
    public static String newKey()
    {
        final byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @return a store of one key per entry of {@code keys} (key to principal), hashed; for tests and tools.
     */
    public static ApiKeyStore ofKeys(final Map<String, Principal> keys)
    {
        final Map<String, Principal> byHash = new HashMap<>();
        keys.forEach((key, principal) -> byHash.put(hash(key), principal));
        return new ApiKeyStore(byHash);
    }
}
