package dev.arbiter.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time: both tokens are hashed to SHA-256 first and the
 * digests compared with {@link MessageDigest#isEqual}, so neither the position of the first wrong character nor the
 * token's length shows in the time taken. Immutable and thread-safe.
 */
final class BearerAuth {
    private static final String SCHEME = "Bearer ";
    private final byte[] expectedDigest;

    BearerAuth(String token) {
        this.expectedDigest = digest(token);
    }

    /** True when {@code authorization} is {@code Bearer <the token>} (scheme case-insensitive). */
    boolean allows(String authorization) {
        String presented = "";
        if (authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            presented = authorization.substring(SCHEME.length()).strip();
        }
        // always hash and compare, so a missing or malformed header takes the same time as a wrong token
        boolean equal = MessageDigest.isEqual(digest(presented), expectedDigest);
        return equal && !presented.isEmpty();
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
