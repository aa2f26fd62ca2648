package dev.earshot.server.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.ScriptedEngine;
import dev.earshot.server.testing.TestServers;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The console's files over HTTP on a real server: no key, the right types, and nothing else served. */
@Timeout(60)
class ConsolePageTest {
    private static EarshotServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(new ScriptedEngine());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Response get(String path, Map<String, String> headers) {
        return RawHttp.request(server.port(), "GET", path, headers, new byte[0]);
    }

    @Test
    void theRootIsTheConsolePageWithoutAKey() {
        RawHttp.Response page = get("/", Map.of());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).startsWith("text/html");
        assertThat(page.header("cache-control")).isEqualTo("no-cache");
        assertThat(page.header("content-security-policy")).contains("default-src 'self'");
        assertThat(page.body()).contains("id=\"api-key\"", "id=\"record\"", "id=\"transcript\"", "id=\"file\"",
                "id=\"request-id\"", "/console/app.js");
    }

    @Test
    void scriptsAreJavaScriptAndStylesAreCss() {
        for (String module : new String[] {"app.js", "api.js", "live.js", "file.js", "captions.js", "requests.js",
                "status.js", "pcm-worklet.js"}) {
            RawHttp.Response script = get("/console/" + module, Map.of());
            assertThat(script.status()).as(module).isEqualTo(200);
            assertThat(script.header("content-type")).as(module).startsWith("text/javascript");
        }
        assertThat(get("/console/style.css", Map.of()).header("content-type")).startsWith("text/css");
        assertThat(get("/console/close-hints.json", Map.of()).header("content-type")).startsWith("application/json");
    }

    @Test
    void anUnchangedFileIsNotSentAgain() {
        String etag = get("/console/app.js", Map.of()).header("etag");

        RawHttp.Response again = get("/console/app.js", Map.of("If-None-Match", etag));

        assertThat(etag).matches("\"[0-9a-f]{24}\"");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void unknownPathsKeepTheirJson404() throws Exception {
        for (String path : new String[] {"/console/missing.js", "/console/../pom.xml", "/console/dev/earshot",
                "/index.html", "/nothing"}) {
            RawHttp.Response missing = get(path, Map.of());
            assertThat(missing.status()).as(path).isIn(400, 404);
            if (missing.status() == 404) {
                assertThat(new ObjectMapper().readTree(missing.body()).path("err_code").asText()).as(path)
                        .isEqualTo("NOT_FOUND");
            }
        }
    }
}
