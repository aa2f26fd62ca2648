package dev.earshot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The image's launcher (deploy/image/earshot) keeps ./earshot's JVM defaults, and the chart passes the same
 * to the server. Building and running the image: {@link ImageBuildTest}, opt-in.
 */
@Timeout(30)
class ImageLauncherTest {
    private static final Pattern DEFAULT_OPTS = Pattern.compile("(?m)^\\s*(?:[\\w*]+\\) )?default_opts=\"([^\"]*)\"");

    @Test
    void theImageLauncherHasTheProjectLaunchersJvmDefaults() throws IOException {
        List<String> project = defaultOpts(Path.of("..", "earshot"));
        List<String> image = defaultOpts(Path.of("image", "earshot"));

        // ./earshot: serve, bench, the client's commands; the image has no bench.
        assertThat(project).hasSize(3);
        assertThat(image).containsExactly(project.get(0), project.get(2));
        assertThat(Files.readString(HelmChartTest.CHART.resolve("values.yaml")))
                .contains("javaOpts: \"" + project.get(0) + "\"");
    }

    @Test
    void theImageRunsAsNonRootAndServesOnAllInterfacesByDefault() throws IOException {
        String dockerfile = Files.readString(Path.of("image", "Dockerfile"));

        assertThat(dockerfile).contains("USER 10001:10001").contains("EARSHOT_HOST=0.0.0.0")
                .contains("ENTRYPOINT [\"/usr/local/bin/earshot\"]").contains("CMD [\"serve\"]")
                .contains("COPY server/target/model/ /opt/earshot/server/model/");
    }

    private static List<String> defaultOpts(Path launcher) throws IOException {
        Matcher m = DEFAULT_OPTS.matcher(Files.readString(launcher));
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
