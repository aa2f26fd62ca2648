package dev.earshot.client.doctor;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What the doctor examines and how.
 *
 * @param url         the server's base URL
 * @param apiKey      the key the application uses
 * @param file        an audio file the application streams, or null
 * @param declared    what the application declares about it
 * @param pause       the longest the application goes without sending anything (audio or KeepAlive)
 * @param liveSeconds how much of the file the live check streams, at real time
 * @param preview     where to write the first seconds as the server will hear them
 * @param skip        checks not to run: {@code live}, {@code idle}, {@code trial}
 */
public record DoctorOptions(URI url, String apiKey, Path file, Declared declared, Duration pause,
                            Duration liveSeconds, Path preview, Set<String> skip) {
    public boolean runs(String check) {
        return !skip.contains(check);
    }
}
