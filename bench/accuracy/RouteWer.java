import dev.earshot.bench.measure.WordErrors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The word error rate of POST /v1/audio/transcriptions (OpenAI's route) against POST /v1/listen (Deepgram's) on
 * the same files, one running server, the bench's normaliser (WordErrors). Run by openai-route-wer.sh; see
 * docs/performance.md (the OpenAI route's accuracy).
 *
 * <p>Usage: RouteWer BASE_URL API_KEY DIR (each DIR/NAME.wav beside its reference DIR/NAME.txt)
 */
public final class RouteWer {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        List<Path> wavs;
        try (var files = Files.list(Path.of(args[2]))) {
            wavs = files.filter(f -> f.toString().endsWith(".wav")).sorted().toList();
        }
        WordErrors listenTotal = WordErrors.NONE;
        WordErrors openAiTotal = WordErrors.NONE;
        System.out.println("file | words | POST /v1/listen | POST /v1/audio/transcriptions | same text");
        for (Path wav : wavs) {
            String reference = Files.readString(Path.of(wav.toString().replaceAll("\\.wav$", ".txt")));
            byte[] audio = Files.readAllBytes(wav);
            String listen = first("transcript", post(base + "/v1/listen?punctuate=true", key, "audio/wav", audio));
            String boundary = "earshot-" + UUID.randomUUID();
            String openAi = first("text", post(base + "/v1/audio/transcriptions", key,
                    "multipart/form-data; boundary=" + boundary, form(boundary, wav.getFileName().toString(), audio)));
            WordErrors l = WordErrors.between(reference, listen);
            WordErrors o = WordErrors.between(reference, openAi);
            listenTotal = listenTotal.plus(l);
            openAiTotal = openAiTotal.plus(o);
            System.out.printf(Locale.ROOT, "%s | %d | %s | %s | %s%n", wav.getFileName(), l.referenceWords(),
                    rate(l), rate(o), listen.equals(openAi));
        }
        System.out.printf(Locale.ROOT, "total | %d | %s | %s |%n", listenTotal.referenceWords(), rate(listenTotal),
                rate(openAiTotal));
    }

    private static String post(String url, String key, String contentType, byte[] body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static byte[] form(String boundary, String filename, byte[] audio) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: audio/wav\r\n\r\n";
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[start.length + audio.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(audio, 0, all, start.length, audio.length);
        System.arraycopy(end, 0, all, start.length + audio.length, end.length);
        return all;
    }

    /** The first string value of {@code field} in a JSON answer (transcripts hold no escapes but quotes). */
    private static String first(String field, String json) {
        String key = "\"" + field + "\":\"";
        int start = json.indexOf(key);
        if (start < 0) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        StringBuilder value = new StringBuilder();
        for (int i = start + key.length(); json.charAt(i) != '"'; i++) {
            char c = json.charAt(i);
            value.append(c == '\\' ? json.charAt(++i) : c);
        }
        return value.toString();
    }

    private static String rate(WordErrors errors) {
        return String.format(Locale.ROOT, "%.2f%% (%d errors)", 100.0 * errors.errors()
                / Math.max(1, errors.referenceWords()), errors.errors());
    }
}
