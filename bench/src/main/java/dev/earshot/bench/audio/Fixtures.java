package dev.earshot.bench.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The recordings the bench plays: by default the committed speech fixtures (fixtures/speech, packed into
 * the bench's jar by its build), or every {@code NAME.wav} with a {@code NAME.txt} in a directory.
 */
public final class Fixtures {
    /** Inside the jar; the build copies fixtures/speech there. */
    private static final String BUNDLED_DIR = "fixtures/speech/";
    private static final List<String> BUNDLED = List.of("speech-a", "speech-b");

    private Fixtures() {
    }

    public static List<Fixture> bundled() throws IOException {
        List<Fixture> fixtures = new ArrayList<>();
        for (String name : BUNDLED) {
            byte[] wav = resource(BUNDLED_DIR + name + ".wav");
            String text = new String(resource(BUNDLED_DIR + name + ".txt"), StandardCharsets.UTF_8);
            fixtures.add(Fixture.of(name, wav, text));
        }
        return checked(fixtures, "the bundled fixtures");
    }

    public static List<Fixture> directory(Path dir) throws IOException {
        List<Path> wavs;
        try (Stream<Path> files = Files.list(dir)) {
            wavs = files.filter(file -> file.getFileName().toString().endsWith(".wav")).sorted().toList();
        }
        List<Fixture> fixtures = new ArrayList<>();
        for (Path wav : wavs) {
            String file = wav.getFileName().toString();
            String name = file.substring(0, file.length() - ".wav".length());
            Path text = wav.resolveSibling(name + ".txt");
            if (Files.isRegularFile(text)) {
                fixtures.add(Fixture.of(name, Files.readAllBytes(wav), Files.readString(text)));
            }
        }
        if (fixtures.isEmpty()) {
            throw new IOException("no NAME.wav with a NAME.txt transcript in " + dir);
        }
        return checked(fixtures, dir.toString());
    }

    /** Programmes concatenate fixtures, so they must share one sample rate. */
    private static List<Fixture> checked(List<Fixture> fixtures, String where) throws IOException {
        int rate = fixtures.get(0).sampleRateHz();
        for (Fixture fixture : fixtures) {
            if (fixture.sampleRateHz() != rate) {
                throw new IOException("the recordings in " + where + " must share one sample rate: "
                        + fixture.name() + " is " + fixture.sampleRateHz() + " Hz, " + fixtures.get(0).name() + " "
                        + rate + " Hz");
            }
        }
        return List.copyOf(fixtures);
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing from the bench's jar: " + path + " (rebuild with 'mvn -B package')");
            }
            return in.readAllBytes();
        }
    }
}
