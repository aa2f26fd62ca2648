package dev.earshot.server.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The API key a client presented on the upgrade (live-api.md §1): {@code Authorization: Token|Bearer <key>}
 * (scheme case-insensitive), or the subprotocol pair {@code token, <key>} that browsers must use because
 * they cannot set headers. The key itself never appears in logs or messages.
 *
 * @param key         the presented secret
 * @param subprotocol the scheme word to echo in {@code Sec-WebSocket-Protocol}, when the key came that way
 */
record Credentials(String key, Optional<String> subprotocol) {
    /** What went wrong with the presented credentials, before any key is looked up. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /**
     * Reads the credentials of an upgrade request.
     *
     * @param authorization the Authorization header, or null
     * @param subprotocols  every offered subprotocol, in order (split on commas, trimmed)
     * @return empty when neither way was used
     */
    static Optional<Credentials> read(String authorization, List<String> subprotocols) throws Malformed {
        Malformed badHeader = null;
        if (authorization != null && !authorization.isBlank()) {
            String[] parts = authorization.trim().split("\\s+", 2);
            String scheme = parts[0].toLowerCase(Locale.ROOT);
            if ((scheme.equals("token") || scheme.equals("bearer")) && parts.length == 2 && !parts[1].isBlank()) {
                return Optional.of(new Credentials(parts[1].trim(), Optional.empty()));
            }
            // Not ours (a proxy's Basic credentials, say): any one way of authenticating is enough, so the
            // subprotocols still may carry the key.
            badHeader = new Malformed("Malformed Authorization header: expected 'Token <api key>' or 'Bearer <token>'");
        }
        for (int i = 0; i < subprotocols.size(); i++) {
            String scheme = subprotocols.get(i).toLowerCase(Locale.ROOT);
            if (scheme.equals("token") || scheme.equals("bearer")) {
                if (i + 1 >= subprotocols.size() || subprotocols.get(i + 1).isBlank()) {
                    throw new Malformed("Malformed Sec-WebSocket-Protocol: expected 'token, <api key>'");
                }
                return Optional.of(new Credentials(subprotocols.get(i + 1), Optional.of(subprotocols.get(i))));
            }
        }
        if (badHeader != null) {
            throw badHeader;
        }
        return Optional.empty();
    }

    /**
     * The first 12 hex digits of the SHA-256 of the key a request offers, for the request log: tells keys
     * apart, gives nothing away. Null when it offers none or offers it malformed.
     */
    static String fingerprint(String authorization, List<String> subprotocolHeaders) {
        try {
            return read(authorization, splitSubprotocols(subprotocolHeaders)).map(credentials -> {
                try {
                    byte[] digest = MessageDigest.getInstance("SHA-256")
                            .digest(credentials.key().getBytes(StandardCharsets.UTF_8));
                    return HexFormat.of().formatHex(digest).substring(0, 12);
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("every JDK has SHA-256", e);
                }
            }).orElse(null);
        } catch (Malformed malformed) {
            return null;
        }
    }

    /** The {@code token} or {@code bearer} entry among the offered subprotocols, as offered. */
    static Optional<String> offeredScheme(List<String> subprotocols) {
        return subprotocols.stream().filter(p -> p.equalsIgnoreCase("token") || p.equalsIgnoreCase("bearer"))
                .findFirst();
    }

    /** Splits Sec-WebSocket-Protocol header values on commas and trims them (clients join with ", " or ","). */
    static List<String> splitSubprotocols(List<String> headerValues) {
        List<String> protocols = new ArrayList<>();
        for (String value : headerValues) {
            for (String protocol : value.split(",")) {
                if (!protocol.isBlank()) {
                    protocols.add(protocol.trim());
                }
            }
        }
        return protocols;
    }

    @Override
    public String toString() {
        return "Credentials[key=<redacted>, subprotocol=" + subprotocol + "]";
    }
}
