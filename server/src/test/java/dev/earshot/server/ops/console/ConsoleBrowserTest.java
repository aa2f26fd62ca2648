package dev.earshot.server.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.ops.requests.ManagementApi;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless chromium) against a real server: the microphone is chromium's fake
 * one playing speech-a in a loop. Each test leaves a screenshot in target/console-screenshots.
 */
@ExtendWith(SharedEngine.class)
@Timeout(300)
class ConsoleBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    /** Realtime audio on a shared machine: one loop of speech-a is 14 s. */
    private static final Duration SPEECH = Duration.ofSeconds(90);
    private static final Duration QUICK = Duration.ofSeconds(30);
    private static EarshotServer server;
    private static ChromeDriver browser;
    private static Path dataDir;

    @BeforeAll
    static void start(VoskEngine engine) throws IOException {
        Chromium.missing().ifPresent(why -> Assumptions.abort(why));
        dataDir = Files.createTempDirectory("earshot-console-test-");
        server = TestServers.start(engine, b -> b.database("sqlite").dataDir(dataDir));
        browser = Chromium.start(speechA());
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void open() {
        browser.get(server.baseUri() + "/");
        type("api-key", TestServers.API_KEY);
    }

    @AfterEach
    void screenshot(TestInfo test) throws IOException {
        Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theLiveTabTranscribesTheMicrophone() {
        browser.findElement(By.id("record")).click();

        waitFor(SPEECH, () -> !text("interim").isEmpty());
        waitFor(SPEECH, () -> overlap(text("transcript"), Fixtures.speechAText()) >= 0.6);
        assertThat(text("request-id")).matches(UUID);
        assertThat(browser.findElement(By.id("record")).getDomAttribute("aria-pressed")).isEqualTo("true");
        browser.findElement(By.id("record")).click();

        waitFor(QUICK, () -> text("live-close").startsWith("Closed: 1000"));
        assertThat(browser.findElement(By.id("record")).getText()).isEqualTo("Start");
        assertThat(browser.findElements(By.cssSelector("#live-events li")).stream().map(WebElement::getText))
                .anyMatch(event -> event.startsWith("Speech started at"))
                .anyMatch(event -> event.startsWith("Metadata:"));
    }

    @Test
    void aChosenFileIsTranscribedWithWordsCaptionsAndItsAudio() {
        tab("tab-file");
        browser.findElement(By.id("file")).sendKeys(speechA().toString());

        waitFor(SPEECH, () -> !browser.findElements(By.cssSelector("#file-words .word")).isEmpty());
        List<WebElement> words = browser.findElements(By.cssSelector("#file-words .word"));
        String transcript = words.stream().map(WebElement::getText).collect(Collectors.joining(" "));
        assertThat(overlap(transcript, Fixtures.speechAText())).isGreaterThanOrEqualTo(0.6);
        assertThat(text("file-request-id")).matches(UUID);
        assertThat(browser.findElements(By.cssSelector("#file-utterances li"))).isNotEmpty();
        assertThat(download("dl-srt")).startsWith("1\n00:00:0").contains(" --> ");
        assertThat(download("dl-vtt")).startsWith("WEBVTT\n\n00:00:0");
        assertThat(download("dl-json")).contains("\"request_id\": \"" + text("file-request-id") + "\"");

        WebElement later = words.get(words.size() / 2);
        double start = Double.parseDouble(later.getDomAttribute("title").split("–")[0]);
        later.click();
        waitFor(QUICK, () -> ((Number) browser.executeScript("return document.getElementById('player').currentTime"))
                .doubleValue() >= start - 0.01);
    }

    @Test
    void aWrongKeyShowsTheRefusal() {
        type("api-key", "not-the-key");
        tab("tab-file");
        browser.findElement(By.id("file")).sendKeys(speechA().toString());

        waitFor(QUICK, () -> browser.findElement(By.id("file-error")).isDisplayed());
        assertThat(text("file-error")).contains("HTTP 401", "INVALID_AUTH", "Invalid credentials.");

        tab("tab-live");
        browser.findElement(By.id("record")).click();
        waitFor(QUICK, () -> browser.findElement(By.id("live-close")).isDisplayed());
        assertThat(text("live-close")).startsWith("Closed: 1006").contains("hides the HTTP status", "wrong key");
    }

    @Test
    void aRequestIsFoundOnTheRequestsTab() throws Exception {
        String found = RawHttp.request(server.port(), "POST", "/v1/listen", Map.of("Authorization", "Token "
                + TestServers.API_KEY, "Content-Type", "audio/wav"), Fixtures.speechAWav()).header("dg-request-id");
        String failed = RawHttp.request(server.port(), "POST", "/v1/listen?sample_rate=nope", Map.of(
                "Authorization", "Token " + TestServers.API_KEY), new byte[0]).header("dg-request-id");
        logged(found);
        logged(failed);
        tab("tab-requests");

        type("lookup-id", found);
        browser.findElement(By.id("lookup-id")).submit();
        waitFor(QUICK, () -> !browser.findElements(By.id("request-fields")).isEmpty());
        assertThat(text("request-fields")).contains(found, "/v1/listen", "200", "FILE");
        assertThat(browser.findElements(By.cssSelector("#request-timeline li"))).isNotEmpty();

        browser.findElement(By.id("load-failures")).click();
        waitFor(QUICK, () -> text("failures").contains(failed));
        assertThat(text("failures")).doesNotContain(found).doesNotContain("favicon");
    }

    @Test
    void theStatusTabShowsTheServerAndTheNarrowPageDoesNotScrollSideways() throws IOException {
        tab("tab-status");
        waitFor(QUICK, () -> text("status-figures").contains("health"));
        assertThat(text("status-figures")).contains("streams", "warm recognisers", "estimated stream capacity");

        browser.manage().window().setSize(new Dimension(360, 800));
        try {
            for (String tab : List.of("tab-live", "tab-file", "tab-requests", "tab-status")) {
                tab(tab);
                Number overflow = (Number) browser.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as(tab + " at 360 px").isLessThanOrEqualTo(0);
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve("narrow-" + tab
                        + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1000, 1000));
        }
    }

    /** Waits until the request log has written the request (it writes behind the answer). */
    private static void logged(String requestId) {
        waitFor(QUICK, () -> RawHttp.request(server.port(), "GET", "/v1/projects/" + ManagementApi.PROJECT_ID
                + "/requests/" + requestId, Map.of("Authorization", "Token " + TestServers.API_KEY), new byte[0])
                .status() == 200);
    }

    private static void tab(String id) {
        browser.findElement(By.id(id)).click();
    }

    private static void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The body of a download link's object URL, read by the page itself. */
    private static String download(String id) {
        return (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.getElementById(arguments[0]).href).then(r => r.text()).then(done, e => done('failed: ' + e))", id);
    }

    private static void waitFor(Duration deadline, BooleanSupplier condition) {
        new WebDriverWait(browser, deadline, Duration.ofMillis(200)).until(driver -> condition.getAsBoolean());
    }

    /** The share of the expected text's distinct words that the transcript has. */
    static double overlap(String transcript, String expected) {
        Set<String> heard = words(transcript);
        Set<String> wanted = words(expected);
        return wanted.stream().filter(heard::contains).count() / (double) wanted.size();
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z']+")).filter(w -> !w.isEmpty())
                .collect(Collectors.toSet());
    }

    private static Path speechA() {
        return Fixtures.dir().resolve("speech-a.wav").toAbsolutePath();
    }
}
