package dev.earshot.server.audio.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.testing.TestServers;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FfmpegLoadTest {
    /**
     * The model and recognisers make most of the resident memory; a JavaCPP ceiling on it (4 × heap by
     * default, 1.5 GiB in this test JVM) would fail every FFmpeg stream once the server holds enough of them.
     */
    @Test
    void javaCppDoesNotCapResidentMemoryItDidNotAllocate() {
        TestServers.ffmpeg();
        assertThat(Pointer.maxPhysicalBytes()).isZero();
    }
}
