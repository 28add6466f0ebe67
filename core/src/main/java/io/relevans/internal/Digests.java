package io.relevans.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a text, for the engine's stable identifiers: the same on every machine and after restarts
 * (feature keys, definition fingerprints, message ids, control-group shares).
 */
public final class Digests {

    private Digests() {
    }

    /** The SHA-256 digest of the text's UTF-8 bytes. */
    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The first 8 bytes of the text's SHA-256 digest, big-endian. */
    public static long sha256Long(String text) {
        byte[] d = sha256(text);
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (d[i] & 0xff);
        }
        return k;
    }

    /** A deterministic number in [0, 1) from a text: the same on every machine and after restarts. */
    public static double share(String key) {
        return (sha256Long(key) >>> 8) / (double) (1L << 56); // the first 7 bytes
    }
}
