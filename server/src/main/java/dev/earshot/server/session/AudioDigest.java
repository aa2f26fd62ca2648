package dev.earshot.server.session;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Metadata's {@code sha256} (live-api.md §4): the SHA-256 of every audio byte a stream received. Not thread-safe. */
final class AudioDigest {
    private final MessageDigest sha256;

    AudioDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    void update(byte[] audio) {
        sha256.update(audio);
    }

    /** The digest in lowercase hex; read once, at the end of the stream. */
    String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
