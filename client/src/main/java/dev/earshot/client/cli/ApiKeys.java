package dev.earshot.client.cli;

import dev.earshot.protocol.LocalApiKey;
import java.util.Optional;

/** Where the commands find the API key: the option, then EARSHOT_API_KEY, then the key 'earshot serve' stored. */
final class ApiKeys {
    private ApiKeys() {
    }

    static Optional<String> resolve(String option) {
        return Optional.ofNullable(option).filter(key -> !key.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("EARSHOT_API_KEY")).filter(key -> !key.isBlank()))
                .or(LocalApiKey::findQuietly);
    }
}
