package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EarshotVersionTest {
    @Test
    void theVersionIsTheRootPomsAsTheBuildFilledItIn() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));

        assertThat(pom).contains("\n  <version>" + EarshotVersion.current() + "</version>");
        assertThat(EarshotVersion.line()).startsWith("earshot " + EarshotVersion.current() + " (Java ");
    }
}
