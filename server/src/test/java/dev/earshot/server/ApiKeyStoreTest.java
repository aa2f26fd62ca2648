package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Where the API keys come from (live-api.md §8), and the key generated on the first serve. */
@Timeout(10)
class ApiKeyStoreTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void aKeyListWinsAndIsTrimmed() throws Exception {
        assertThat(ApiKeyStore.resolve(" a1 , b2,,", null, dir.resolve("none"), out)).containsExactly("a1", "b2");
        assertThat(printed.size()).isZero();
    }

    @Test
    void aKeysFileHasOneKeyPerLineWithComments() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "# team keys\nk1\n\n  k2  \n");
        assertThat(ApiKeyStore.resolve(null, file, dir.resolve("none"), out)).containsExactly("k1", "k2");
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing\n");
        assertThatThrownBy(() -> ApiKeyStore.resolve(null, empty, dir.resolve("none"), out))
                .hasMessageContaining("no API key in");
    }

    @Test
    void withoutKeysTheFirstServeGeneratesOnePrintsItOnceAndStoresItPrivately() throws Exception {
        Path local = dir.resolve("config").resolve("earshot").resolve("api-key");
        List<String> first = ApiKeyStore.resolve(null, null, local, out);
        assertThat(first).hasSize(1);
        String key = first.get(0);
        assertThat(key).matches("[0-9a-f]{40}");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(key).contains(local.toString());
        assertThat(Files.readString(local).trim()).isEqualTo(key);
        assertThat(Files.getPosixFilePermissions(local))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(local.getParent())).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

        printed.reset();
        assertThat(ApiKeyStore.resolve(null, null, local, out)).containsExactly(key);
        assertThat(printed.size()).as("shown only once").isZero();
    }
}
