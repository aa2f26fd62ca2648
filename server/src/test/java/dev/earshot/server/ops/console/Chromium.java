package dev.earshot.server.ops.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and its chromedriver (packages {@code chromium}, {@code chromium-driver}; .ci/run installs
 * them), headless, with a fake microphone that plays a WAV file in a loop and grants itself permission.
 */
final class Chromium {
    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Why the browser tests cannot run here, if they cannot. */
    static Optional<String> missing() {
        return Stream.of(BROWSER, DRIVER).filter(path -> !Files.isExecutable(path)).findFirst()
                .map(path -> path + " not found: install Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver, as .ci/run does) to run the console's "
                        + "browser tests");
    }

    /** @param microphone a WAV file the fake microphone plays, looped */
    static ChromeDriver start(Path microphone) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1000,1000", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + microphone.toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required", "--mute-audio");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        return new ChromeDriver(service, options);
    }
}
