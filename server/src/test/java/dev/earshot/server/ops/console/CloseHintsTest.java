package dev.earshot.server.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console's hints for close codes (console/close-hints.json) follow docs/troubleshooting.md: every close
 * code the page's section on Close frames names has a hint, so the two cannot drift apart unnoticed.
 */
@Timeout(30)
class CloseHintsTest {
    /** {@code ### 1011 `NET-0001`: ...}, {@code ### 1006, or ...}, {@code ### The stream ends early with 1000}. */
    private static final Pattern HEADING = Pattern.compile("^### (?:(\\d{4})(?: `([A-Z0-9-]+)`)?|.* (\\d{4})\\b.*)",
            Pattern.MULTILINE);

    @Test
    void everyCloseCodeOfTheTroubleshootingPageHasAHint() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "troubleshooting.md"));
        JsonNode hints;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("console/close-hints.json")) {
            hints = new ObjectMapper().readTree(in).path("hints");
        }
        List<String> named = new ArrayList<>();
        Matcher heading = HEADING.matcher(doc);
        while (heading.find()) {
            named.add(heading.group(1) != null
                    ? heading.group(1) + (heading.group(2) == null ? "" : " " + heading.group(2))
                    : heading.group(3));
        }

        assertThat(named).contains("1008 DATA-0000", "1011 NET-0001", "1006", "1000");
        for (String key : named) {
            assertThat(hints.path(key).asText()).as("hint for " + key).isNotBlank();
        }
    }
}
