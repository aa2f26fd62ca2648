package dev.earshot.client.doctor.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Transcribes a few seconds of raw audio with {@code POST /v1/listen} under a given reading (encoding, rate,
 * channels). The engine is the judge of a sample rate: speech read at the wrong rate is too fast or too slow
 * and comes back with few, unsure words. Works against any Deepgram-compatible server.
 */
public final class TrialTranscription {
    /**
     * Words the engine is at least this sure of count as heard. Speech read at twice its rate still gives
     * words, many of them above 0.6 but few above 0.9.
     */
    static final double CONFIDENT = 0.9;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one reading gave.
     *
     * @param confidentWords words with confidence ≥ 0.9: the score that compares readings
     */
    public record Outcome(int sampleRate, int words, int confidentWords, double meanConfidence, String transcript,
                          String requestId) {
    }

    private final HttpClient http;
    private final URI baseUrl;
    private final String apiKey;

    public TrialTranscription(HttpClient http, URI baseUrl, String apiKey) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    public Outcome transcribe(byte[] audio, String encoding, int sampleRate, int channels)
            throws IOException, InterruptedException {
        String scheme = baseUrl.getScheme().equalsIgnoreCase("https") || baseUrl.getScheme().equalsIgnoreCase("wss")
                ? "https" : "http";
        URI uri = URI.create(scheme + "://" + baseUrl.getRawAuthority() + "/v1/listen?encoding=" + encoding
                + "&sample_rate=" + sampleRate + "&channels=" + channels);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Token " + apiKey)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(audio))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /v1/listen answered HTTP " + response.statusCode() + " "
                    + response.headers().firstValue("dg-error").orElse(response.body()));
        }
        JsonNode root = JSON.readTree(response.body());
        JsonNode alternative = root.path("results").path("channels").path(0).path("alternatives").path(0);
        int words = 0;
        int confident = 0;
        double confidence = 0;
        for (JsonNode word : alternative.path("words")) {
            double sure = word.path("confidence").asDouble();
            words++;
            confidence += sure;
            if (sure >= CONFIDENT) {
                confident++;
            }
        }
        return new Outcome(sampleRate, words, confident, words == 0 ? 0 : confidence / words,
                alternative.path("transcript").asText(""), root.path("metadata").path("request_id").asText(""));
    }
}
