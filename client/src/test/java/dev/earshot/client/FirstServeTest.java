package dev.earshot.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.client.testing.EarshotProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A user's first {@code earshot serve}, as its console shows it: the key once, plainly, then when it is ready. */
@Timeout(180)
class FirstServeTest {
    @TempDir
    Path configDir;

    @Test
    void theNewKeyIsPrintedPlainlyAndTheReadyLineNamesTheUrlToOpen() throws Exception {
        try (EarshotProcess server = EarshotProcess.startWithoutKey(configDir)) {
            Pattern ready = Pattern.compile("(?m)^ready: 2 recognisers warm after \\d+ s; open "
                    + Pattern.quote(server.baseUri() + "/") + " in a browser$");
            assertThat(server.awaitOutput(ready, Duration.ofSeconds(150))).as(server.log()).isTrue();

            String key = Files.readString(configDir.resolve("api-key")).strip();
            assertThat(server.log()).contains("It is shown only this once:\n  " + key + "\n")
                    .contains("loading the model from ")
                    .containsPattern("(?m)^warming up 2 recognisers, progress every 10 s")
                    // No terminal escapes anywhere: the output is a pipe here, as in a log file or under systemd.
                    .doesNotContain("\u001b");
            assertThat(Files.readString(configDir.resolve("stderr.log"))).doesNotContain("\u001b");
            assertThat(key).matches("[0-9a-f]{40}");
        }
    }
}
