package dev.earshot.server.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The accepted API keys. Compared in constant time, so response timing does not leak a key's prefix. */
public final class ApiKeys {
    private final List<byte[]> keys;

    public ApiKeys(List<String> keys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public boolean accepts(String presented) {
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }
}
