package dev.earshot.client.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The committed speech fixtures (fixtures/speech at the repository root) and how close a transcript is. */
public final class Speech {
    private Speech() {
    }

    public static Path file(String name) {
        return Path.of("..", "fixtures", "speech", name).toAbsolutePath().normalize();
    }

    /** The text spoken in {@code speech-a.wav} and its other encodings. */
    public static String text(String fixture) {
        try {
            return Files.readString(file(fixture + ".txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 16 kHz mono linear16 samples of a fixture WAV, without its header. */
    public static byte[] pcm(String wav) {
        try {
            byte[] bytes = Files.readAllBytes(file(wav));
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int at = 12; at + 8 <= bytes.length; ) {
                String id = new String(bytes, at, 4, StandardCharsets.US_ASCII);
                int size = buffer.getInt(at + 4);
                if (id.equals("data")) {
                    return Arrays.copyOfRange(bytes, at + 8, Math.min(bytes.length, at + 8 + size));
                }
                at += 8 + size + (size & 1);
            }
            throw new IllegalArgumentException(wav + " has no data chunk");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The share of the reference's distinct words that the transcript contains: 1.0 is all of them. */
    public static double wordsFound(String reference, String transcript) {
        Set<String> heard = Set.copyOf(words(transcript));
        Set<String> expected = Set.copyOf(words(reference));
        return expected.stream().filter(heard::contains).count() / (double) Math.max(1, expected.size());
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").trim().split("\\s+"))
                .filter(word -> !word.isEmpty()).collect(Collectors.toList());
    }
}
