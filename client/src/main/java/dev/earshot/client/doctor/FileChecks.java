package dev.earshot.client.doctor;

import dev.earshot.client.doctor.audio.ContainerSniffer;
import dev.earshot.client.doctor.audio.DetectedFormat;
import dev.earshot.client.doctor.audio.DetectedFormat.WavHeader;
import dev.earshot.client.doctor.audio.Interpretation;
import dev.earshot.client.doctor.audio.SignalStats;
import dev.earshot.client.doctor.audio.TrialTranscription;
import dev.earshot.client.doctor.audio.TrialTranscription.Outcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Compares an audio file with what the application declares about it: the container its bytes show, the raw
 * encoding and byte order its samples fit, the channel count, and (asking the server to transcribe a few
 * seconds at candidate rates) the sample rate. Writes the first seconds as the server will hear them.
 */
final class FileChecks {
    /** Enough audio to judge; more only costs time. */
    private static final int ANALYSIS_SECONDS = 10;
    private static final int TRIAL_SECONDS = 8;
    private static final int PREVIEW_SECONDS = 5;
    /** A file is read up to this much; the checks need its start only. */
    private static final int MAX_READ_BYTES = 16 * 1024 * 1024;
    private static final Set<String> PACKET_CODECS = Set.of("opus", "speex", "amr-nb", "amr-wb", "g729");

    private final DoctorOptions options;
    private final Declared declared;
    private final TrialTranscription trial;
    private final List<Finding> findings = new ArrayList<>();
    private StreamPlan plan;

    private FileChecks(DoctorOptions options, TrialTranscription trial) {
        this.options = options;
        this.declared = options.declared();
        this.trial = trial;
    }

    /** The findings, and what the live check should stream. */
    record Result(List<Finding> findings, StreamPlan plan) {
    }

    /** @param trial null when the server cannot be used (unreachable, key refused) */
    static Result run(DoctorOptions options, TrialTranscription trial) throws IOException, InterruptedException {
        FileChecks checks = new FileChecks(options, trial);
        checks.check();
        return new Result(List.copyOf(checks.findings), checks.plan);
    }

    private void check() throws IOException, InterruptedException {
        Path file = options.file();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_READ_BYTES);
        }
        if (bytes.length == 0) {
            findings.add(Finding.fail("file", file + " is empty", "give the file the application streams"));
            return;
        }
        DetectedFormat format = ContainerSniffer.detect(bytes);
        findings.add(Finding.pass("file", file.getFileName() + ": " + format.name() + ", " + bytes.length + " bytes"
                + (bytes.length == MAX_READ_BYTES ? " (first 16 MiB read)" : "")));
        if (format.container()) {
            checkContainer(bytes, format);
        } else {
            checkRaw(bytes);
        }
    }

    // Containers: the server reads them itself; declaring a raw encoding overrides that.

    private void checkContainer(byte[] bytes, DetectedFormat format) throws IOException {
        WavHeader wav = format.wav();
        if (!declared.hasEncoding()) {
            findings.add(Finding.pass("declaration", "no encoding declared: the server reads the " + format.name()
                    + " from its header"));
        } else if (wav != null) {
            checkWavDeclaredRaw(wav);
        } else if (format.matchingEncodings().contains(declared.encoding())) {
            findings.add(Finding.pass("declaration", format.name() + " declared as encoding=" + declared.encoding()
                    + ": they agree"));
        } else {
            findings.add(Finding.fail("declaration", "the file is " + format.name() + " but is declared as encoding="
                            + declared.encoding() + ": the server decodes its bytes as " + declared.encoding()
                            + " and gets noise, or closes with 1008 DATA-0000",
                    "omit encoding and sample_rate: the server recognises " + format.name() + " by itself"));
        }
        long byteRate = wav == null || wav.encoding() == null ? 0
                : (long) wav.sampleRate() * wav.channels() * wav.bitsPerSample() / 8;
        plan = new StreamPlan(liveSlice(bytes, byteRate), declared.query(), byteRate);
        if (wav != null && wav.encoding() != null) {
            writePreview(bytes, wav.dataOffset(), Interpretation.of(wav.encoding()), wav.sampleRate(), wav.channels(),
                    "as its header describes it");
        } else {
            findings.add(Finding.skip("preview", format.name() + " is decoded by the server's codecs: "
                    + "listen to the file itself"));
        }
    }

    private void checkWavDeclaredRaw(WavHeader wav) {
        List<String> differences = new ArrayList<>();
        if (!declared.encoding().equals(wav.encoding())) {
            differences.add("encoding " + (wav.encoding() == null ? "(none)" : wav.encoding()) + " vs declared "
                    + declared.encoding());
        }
        if (declared.sampleRate() != null && declared.sampleRate() != wav.sampleRate()) {
            differences.add("sample_rate " + wav.sampleRate() + " vs declared " + declared.sampleRate());
        }
        if (wav.channels() != declared.channelCount()) {
            differences.add("channels " + wav.channels() + " vs declared " + declared.channelCount());
        }
        String header = "a WAV file (" + wav.encoding() + ", " + wav.sampleRate() + " Hz, " + wav.channels()
                + " channel" + (wav.channels() == 1 ? "" : "s") + ") declared as raw " + declared.query();
        String fix = "omit encoding, sample_rate and channels for WAV files: the server reads them from the header "
                + "(or strip the header and keep declaring the raw format)";
        if (differences.isEmpty()) {
            findings.add(Finding.warn("declaration", header + ": the " + wav.dataOffset()
                    + "-byte header is decoded as samples (a click at the start), and the declaration must be "
                    + "changed for every WAV that differs", fix));
        } else {
            findings.add(Finding.fail("declaration", header + ": the header and the query disagree ("
                    + String.join("; ", differences) + "); the server believes the query", fix));
        }
    }

    // Raw bytes: which reading makes them audio, how many channels, at what rate.

    private void checkRaw(byte[] bytes) throws IOException, InterruptedException {
        int analysed = Math.min(bytes.length, ANALYSIS_SECONDS * 48_000 * 2);
        Map<Interpretation, SignalStats> readings = new EnumMap<>(Interpretation.class);
        for (Interpretation reading : Interpretation.values()) {
            if (reading != Interpretation.LINEAR32 || "linear32".equals(declared.encoding())) {
                readings.put(reading, SignalStats.of(reading.samples(bytes, 0, analysed, 16_000, 1)));
            }
        }
        Interpretation best = readings.keySet().stream()
                .max(Comparator.comparingDouble(reading -> score(readings.get(reading)))).orElseThrow();
        Interpretation declaredReading = Interpretation.of(declared.encoding());
        if (!declared.hasEncoding()) {
            checkUndeclaredRaw(bytes, best, readings.get(best));
        } else if (declaredReading == null) {
            checkDeclaredCodec(bytes, best, readings.get(best));
        } else {
            checkDeclaredPcm(bytes, declaredReading, best, readings);
        }
    }

    private static double score(SignalStats stats) {
        return stats.audioLikeness();
    }

    private void checkUndeclaredRaw(byte[] bytes, Interpretation best, SignalStats stats)
            throws IOException, InterruptedException {
        String guess = "";
        String fix = "declare encoding, sample_rate and channels; these bytes do not look like PCM or G.711 "
                + "samples: if they are compressed, send them in their container";
        if (stats.looksLikeAudio() && best.encoding() != null) {
            int channels = stats.looksLikeInterleavedChannels() ? 2 : 1;
            Outcome heard = trial == null || !options.runs("trial") ? null
                    : bestRate(bytes, best, TrialRates.candidates(null), channels);
            String rate = heard != null && heard.confidentWords() > 0 ? String.valueOf(heard.sampleRate()) : "<rate>";
            guess = "; they look like " + best.description() + String.format(Locale.ROOT, " (likeness %.2f)",
                    score(stats)) + (heard != null && heard.confidentWords() > 0 ? " at " + rate + " Hz" : "");
            fix = "declare encoding=" + best.encoding() + "&sample_rate=" + rate
                    + (channels > 1 ? "&channels=" + channels : "");
        }
        findings.add(Finding.fail("declaration", "raw audio without encoding: the server cannot recognise it and "
                + "closes the stream with 1008 DATA-0000" + guess, fix));
        plan = new StreamPlan(liveSlice(bytes, 0), declared.query(), 0);
    }

    private void checkDeclaredCodec(byte[] bytes, Interpretation best, SignalStats stats) {
        String encoding = declared.encoding();
        boolean pcmLike = best.encoding() != null && score(stats) > 0.8;
        if (!PACKET_CODECS.contains(encoding)) {
            String expected = encoding.equals("flac") ? "fLaC" : encoding.equals("ogg-opus") ? "OggS" : null;
            findings.add(Finding.fail("encoding", "declared encoding=" + encoding
                            + (expected == null ? "" : " but the bytes do not start with " + expected)
                            + (pcmLike ? "; they look like " + best.description() : ""),
                    pcmLike ? "declare encoding=" + best.encoding() + " and its sample_rate"
                            : "send the " + encoding + " stream from its first byte"));
        } else if (pcmLike) {
            findings.add(Finding.fail("encoding", "declared encoding=" + encoding + " but the bytes look like "
                            + "uncompressed " + best.description(),
                    "declare encoding=" + best.encoding() + " and its sample_rate"));
        } else {
            findings.add(Finding.skip("encoding", encoding + " packets are not checked here: the live stream below "
                    + "shows whether the server decodes them"));
        }
        plan = new StreamPlan(liveSlice(bytes, 0), declared.query(), 0);
    }

    private void checkDeclaredPcm(byte[] bytes, Interpretation declaredReading, Interpretation best,
                                  Map<Interpretation, SignalStats> readings) throws IOException, InterruptedException {
        SignalStats asDeclared = readings.get(declaredReading);
        SignalStats asBest = readings.get(best);
        Interpretation effective = declaredReading;
        // The reading that fits is clearly the best one; near misses (μ-law read as A-law) by 0.1 or more.
        if (best != declaredReading && asBest.looksLikeAudio() && score(asBest) - score(asDeclared) > 0.1) {
            effective = best;
            String evidence = String.format(Locale.ROOT, "read as %s (declared) the samples fit audio badly "
                            + "(likeness %.2f: correlation %.2f at %.0f dBFS); read as %s they fit well (%.2f at "
                            + "%.0f dBFS)", declaredReading.description(), score(asDeclared),
                    asDeclared.correlation1(), asDeclared.rmsDbfs(), best.description(), score(asBest),
                    asBest.rmsDbfs());
            if (best == Interpretation.LINEAR16_BIG_ENDIAN) {
                findings.add(Finding.fail("byte-order", evidence + ": linear16 is little-endian",
                        "swap the bytes of each sample (sox -t raw -r R -e signed -b 16 -B in.raw -L out.raw, "
                                + "or produce s16le instead of s16be)"));
            } else {
                findings.add(Finding.fail("encoding", evidence, "declare encoding=" + best.encoding()));
            }
        } else if (asDeclared.isSilent()) {
            findings.add(Finding.warn("encoding", String.format(Locale.ROOT,
                    "the first seconds are silence (%.0f dBFS)", asDeclared.rmsDbfs()),
                    "check that the capture really records (microphone muted? wrong device?)"));
        } else if (!asDeclared.looksLikeAudio()) {
            findings.add(Finding.warn("encoding", String.format(Locale.ROOT, "read as %s the samples look like noise "
                            + "(likeness %.2f) and no other raw encoding fits better",
                    declaredReading.description(), score(asDeclared)),
                    "check what produces these bytes: compressed audio must be sent in its container"));
        } else {
            findings.add(Finding.pass("encoding", String.format(Locale.ROOT, "read as %s the samples look like audio "
                            + "(likeness %.2f, %.0f dBFS), better than any other raw encoding", declaredReading.description(),
                    score(asDeclared), asDeclared.rmsDbfs())));
        }
        int channels = checkChannels(readings.get(effective));
        checkSampleRate(bytes, effective, channels);
        long byteRate = declared.sampleRate() == null ? 0
                : (long) declared.sampleRate() * declared.channelCount() * declaredReading.bytesPerSample();
        plan = new StreamPlan(liveSlice(bytes, byteRate), declared.query(), byteRate);
        if (declared.sampleRate() != null) {
            writePreview(bytes, 0, declaredReading, declared.sampleRate(), declared.channelCount(),
                    "as the server decodes them (" + declared.query() + ")");
        }
    }

    /** @return the channel count the samples show */
    private int checkChannels(SignalStats stats) {
        int count = declared.channelCount();
        String measured = String.format(Locale.ROOT, "pair difference ratio %.2f, correlation lag 1 %.2f / lag 2 %.2f",
                stats.pairDifferenceRatio(), stats.correlation1(), stats.correlation2());
        if (count == 1 && stats.looksLikeInterleavedChannels()) {
            findings.add(Finding.fail("channels", "declared 1 channel but the samples come in pairs (" + measured
                            + "): two interleaved channels, which the server reads as one channel of twice the "
                            + "length: garbled, half-speed audio",
                    "declare channels=2 (and multichannel=true for a transcript per channel)"));
            return 2;
        }
        if (count == 2 && !stats.looksLikeInterleavedChannels() && stats.looksLikeAudio()) {
            findings.add(Finding.warn("channels", "declared 2 channels but the samples look like one channel ("
                    + measured + "): the server splits one voice into two at half speed", "declare channels=1"));
            return 1;
        }
        if (count > 2) {
            findings.add(Finding.skip("channels", count + " declared channels are not checked"));
            return count;
        }
        findings.add(Finding.pass("channels", count + " channel" + (count == 1 ? "" : "s") + " as declared ("
                + measured + ")"));
        return count;
    }

    private void checkSampleRate(byte[] bytes, Interpretation reading, int channels)
            throws IOException, InterruptedException {
        if (declared.sampleRate() == null) {
            findings.add(Finding.fail("sample-rate", "encoding=" + declared.encoding() + " without sample_rate: "
                    + "the server refuses the stream (400)", "declare sample_rate"));
            return;
        }
        if (trial == null || !options.runs("trial")) {
            findings.add(Finding.skip("sample-rate", trial == null ? "needs a server that accepts the key "
                    + "(a trial transcription with POST /v1/listen)" : "skipped"));
            return;
        }
        int declaredRate = declared.sampleRate();
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (int rate : TrialRates.candidates(declaredRate)) {
                // The same samples for every rate: 8 s at the declared rate, or at 16 kHz if that is more.
                outcomes.add(transcribe(bytes, reading, Math.max(declaredRate, 16_000), rate, channels));
            }
        } catch (IOException failed) {
            findings.add(Finding.warn("sample-rate", "the trial transcription failed: " + failed.getMessage(),
                    "the server's POST /v1/listen must work for this check; see its log"));
            return;
        }
        Outcome atDeclared = outcomes.get(0);
        Outcome best = outcomes.stream().max(Comparator.comparingInt(Outcome::confidentWords)).orElseThrow();
        String all = outcomes.stream().map(o -> o.sampleRate() + " Hz: " + o.confidentWords())
                .collect(Collectors.joining(", "));
        // Every reading holds the same samples, so the same words were spoken: the right rate hears far more
        // of them for sure. (Measured on the fixtures: 21 vs 8 for 8 kHz speech read at 16 kHz, 16 vs 8 for
        // 16 kHz speech read at 32 kHz.)
        if (best.sampleRate() != declaredRate && (best.confidentWords() >= 5
                && best.confidentWords() >= 1.5 * atDeclared.confidentWords() + 2
                || best.confidentWords() >= 3 && atDeclared.confidentWords() == 0)) {
            findings.add(Finding.fail("sample-rate", "a trial transcription hears " + atDeclared.confidentWords()
                            + " sure words at the declared " + declaredRate + " Hz" + quote(atDeclared) + " but "
                            + best.confidentWords() + " at " + best.sampleRate() + " Hz" + quote(best) + " (" + all
                            + "): the audio is " + best.sampleRate() + " Hz",
                    "declare sample_rate=" + best.sampleRate()));
        } else if (best.confidentWords() == 0) {
            findings.add(Finding.warn("sample-rate", "a trial transcription hears no sure words at any rate (" + all
                    + "): silence, noise, or not speech", "check the audio (listen to the preview)"));
        } else {
            findings.add(Finding.pass("sample-rate", "a trial transcription hears the most words at the declared "
                    + declaredRate + " Hz (sure words: " + all + ")" + quote(atDeclared)));
        }
    }

    private static String quote(Outcome outcome) {
        String text = outcome.transcript();
        if (text.isEmpty()) {
            return "";
        }
        return " \"" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "\"";
    }

    /** The best rate for these samples, or null when the server could not transcribe them. */
    private Outcome bestRate(byte[] bytes, Interpretation reading, List<Integer> rates, int channels)
            throws InterruptedException {
        Outcome best = null;
        for (int rate : rates) {
            try {
                Outcome outcome = transcribe(bytes, reading, 16_000, rate, channels);
                if (best == null || outcome.confidentWords() > best.confidentWords()) {
                    best = outcome;
                }
            } catch (IOException failed) {
                return null;
            }
        }
        return best;
    }

    /**
     * Transcribes the first {@link #TRIAL_SECONDS} (at {@code sliceRate}) of the samples, read this way, as if
     * they were at {@code rate}. They go as linear16, so that readings the server does not take (big-endian)
     * can be tried too.
     */
    private Outcome transcribe(byte[] bytes, Interpretation reading, int sliceRate, int rate, int channels)
            throws IOException, InterruptedException {
        int frame = reading.bytesPerSample() * channels;
        int length = (int) Math.min(bytes.length, (long) TRIAL_SECONDS * sliceRate * frame);
        byte[] pcm = reading.toLinear16(bytes, 0, length - length % frame, rate, channels);
        return trial.transcribe(pcm, "linear16", rate, channels);
    }

    private byte[] liveSlice(byte[] bytes, long byteRate) {
        long seconds = options.liveSeconds().toSeconds();
        // Unknown byte rate (compressed): the live check sends 4 KB every 100 ms, so this many seconds of sending.
        long length = Math.min(bytes.length, seconds * (byteRate > 0 ? byteRate : 40_960));
        return Arrays.copyOf(bytes, (int) length);
    }

    private void writePreview(byte[] bytes, int offset, Interpretation reading, int rate, int channels, String how)
            throws IOException {
        int frame = reading.bytesPerSample() * channels;
        int length = (int) Math.min(bytes.length - offset, (long) PREVIEW_SECONDS * rate * frame);
        byte[] pcm = reading.toLinear16(bytes, offset, length, rate, channels);
        AudioFormat format = new AudioFormat(rate, 16, channels, true, false);
        Path preview = options.preview();
        try (AudioInputStream audio = new AudioInputStream(new ByteArrayInputStream(pcm), format,
                pcm.length / (2L * channels))) {
            AudioSystem.write(audio, AudioFileFormat.Type.WAVE, preview.toFile());
        }
        findings.add(Finding.pass("preview", String.format(Locale.ROOT, "wrote the first %.1f s %s to %s: noise, "
                        + "or a voice too fast or too slow, means the declaration is wrong",
                pcm.length / (2.0 * channels * rate), how, preview)));
    }
}
