package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LocalApiKeyTest {
    @Test
    void theConfigDirWinsThenXdgThenHome() {
        assertThat(LocalApiKey.file(Map.of("EARSHOT_CONFIG_DIR", "/c", "XDG_CONFIG_HOME", "/x"), "/home/u"))
                .isEqualTo(Path.of("/c/api-key"));
        assertThat(LocalApiKey.file(Map.of("XDG_CONFIG_HOME", "/x"), "/home/u")).isEqualTo(Path.of("/x/earshot/api-key"));
        assertThat(LocalApiKey.file(Map.of("XDG_CONFIG_HOME", " "), "/home/u"))
                .isEqualTo(Path.of("/home/u/.config/earshot/api-key"));
    }

    @Test
    void readSkipsBlankLinesAndComments(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("api-key"), "# generated\n\n abc \n");
        assertThat(LocalApiKey.read(file)).containsExactly("abc");
    }
}
