package dev.earshot.server.audio.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance: "a fuzz test feeds at least 1,000 mutated/truncated files of every format through the decoders:
 * no JVM crash, no hang (each decode ends or errors within a bound), no native memory growth across the run".
 *
 * <p>Every fixture in {@code fixtures/formats} (plus the speech WAV, raw linear16 and raw mu-law) is mutated
 * deterministically, {@value #CASES_PER_FORMAT} times per format by default: bit flips in the body, random bytes
 * at a small rate including the header, header bytes set to extremes, truncation (then finish()), truncation
 * with a random tail, and duplicated/dropped chunks; every input is cut into chunks of random sizes
 * (1 byte .. 64 KB). Packet formats (one packet per decode() call) get their packets, their packet lengths
 * (misframing the rest of the file) and their packet sequence mutated instead. Some inputs are abandoned
 * mid-stream (close() without finish(), what a client disconnect does).
 *
 * <p>Each input runs on a driver thread that is given a hard bound, so a hang fails with its seed instead of
 * hanging the build; after close() its decoder thread must end too. Replay one input with
 * {@code -Dearshot.fuzz.replay=<format>:<seed>}; run more inputs per format with {@code -Dearshot.fuzz.cases=N};
 * print slow inputs and RSS along the way with {@code -Dearshot.fuzz.trace=true}. Two FLAC inputs the fuzzing
 * found are kept as tests of their own, so their failure reads plainly.
 */
@Timeout(300)
class DecoderFuzzTest {
    /** Mutated inputs per format in the measured run (at least 40 each, 1,000 in all, is the acceptance floor). */
    private static final int CASES_PER_FORMAT = 80;
    private static final int MIN_CASES_PER_FORMAT = 40;
    /** Mutated inputs per format before the memory baseline is taken. */
    private static final int WARMUP_CASES_PER_FORMAT = 10;
    /** Seeds are readable: format number (1-based) times a million, plus the case number (+500,000 in warm-up). */
    private static final long SEEDS_PER_FORMAT = 1_000_000L;
    private static final long WARMUP_SEED_OFFSET = 500_000L;
    /** One input (every decode() and finish()) must end or fail within this: two stall timeouts. */
    private static final long INPUT_BOUND_MS = 10_000;
    /** Past this, the driver thread is considered hung inside a decoder call (the test fails at once). */
    private static final long DRIVER_BOUND_MS = INPUT_BOUND_MS + 10_000;
    /** After close(), a decoder's thread must give itself back within this. */
    private static final long THREAD_RETURN_MS = 5_000;
    /**
     * The resident-memory growth allowed between the end of the warm-up and the end of the main run.
     * The heap is fixed and pre-touched (-Xms384m -Xmx384m -XX:+AlwaysPreTouch, MALLOC_ARENA_MAX=2), so RSS
     * moves with native memory, metaspace and code cache. Measured on the 2-core dev box, after the 385-input
     * warm-up: +9 MB over the default 2,800 inputs, and over 7,000 inputs ({@code -Dearshot.fuzz.cases=200
     * -Dearshot.fuzz.trace=true}, RSS printed every 350) it wandered between -1 and +17 MB of the baseline
     * with no trend, ending at +8 MB. That is glibc keeping freed chunks in its arenas (FFmpeg allocates and
     * frees megabytes per input: probe buffers, codec contexts, frames) and the JIT still compiling. A leak
     * grows with the inputs instead: 12 KB per input (one lost 4 KB AVIO buffer plus a codec context, or a
     * 16 KB probe buffer per FFmpeg input) adds over 32 MB across the run; an injected leak of 12 KB of
     * malloc'ed, touched memory per input measured +37 MB and failed this bound.
     */
    private static final long RSS_GROWTH_BOUND_BYTES = 32L << 20;
    private static final int MAX_CHUNK = 64 << 10;
    /** The largest frame a decoder appends at once: a FLAC block of the limit's size. */
    private static final long MAX_DECODER_FRAME_SAMPLES = Settings.DecodeLimits.DEFAULTS.maxFlacBlockSamples();
    private static final long PAGE_BYTES = 4096;

    /** A fixture, the query a client streams it with, and how its bytes go to decode(). */
    record Format(String name, byte[] bytes, String query, boolean packets, boolean acceptedClean) {
    }

    /** One mutated input: the pieces given to decode(), one per call, and what was done to the file. */
    record Input(List<byte[]> pieces, boolean abandon, String mutation) {
    }

    /** What happened to one input. */
    record Outcome(boolean rejected, String reason, long frames, long slowestCallMs, long totalMs, int calls) {
    }

    /** Per-format tallies for the summary. */
    static final class Tally {
        int inputs;
        int ok;
        int rejected;
        int stalled;
        int abandoned;
        long slowestCallMs;
        long slowestInputMs;
        final Map<String, Integer> reasons = new HashMap<>();

        void add(Outcome outcome, boolean abandon) {
            inputs++;
            if (outcome.rejected()) {
                rejected++;
                reasons.merge(shortReason(outcome.reason()), 1, Integer::sum);
                stalled += String.valueOf(outcome.reason()).contains("made no progress") ? 1 : 0;
            } else {
                ok++;
            }
            abandoned += abandon ? 1 : 0;
            slowestCallMs = Math.max(slowestCallMs, outcome.slowestCallMs());
            slowestInputMs = Math.max(slowestInputMs, outcome.totalMs());
        }

        String topReason() {
            return reasons.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> e.getValue() + "x \"" + e.getKey() + "\"").orElse("-");
        }
    }

    /** Everything that went wrong, one line (or stack) per input, with its format and seed. */
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private DecoderThreads threads;
    private ExecutorService driver;
    private AudioDecoders decoders;
    private int openInputsBefore;

    @BeforeEach
    void start() {
        threads = new DecoderThreads(8);
        driver = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fuzz-driver");
            thread.setDaemon(true); // a driver stuck in native code must not keep the test JVM alive
            return thread;
        });
        decoders = TestServers.decoders(threads);
        openInputsBefore = TestServers.ffmpeg().openInputs();
    }

    @AfterEach
    void stop() throws InterruptedException {
        driver.shutdownNow();
        threads.shutdown();
        boolean terminated = threads.awaitTermination(THREAD_RETURN_MS, TimeUnit.MILLISECONDS);
        List<String> alive = new ArrayList<>();
        for (Thread thread : threads.created) {
            thread.join(THREAD_RETURN_MS);
            if (thread.isAlive()) {
                alive.add(thread.getName() + stack(thread));
            }
        }
        threads.stopRunaways();
        assertThat(alive).as("decoder threads alive after their pool was shut down").isEmpty();
        assertThat(terminated).as("the decoder pool ends once shut down").isTrue();
        assertThat(TestServers.ffmpeg().openInputs()).as("FFmpeg inputs still registered (%d before the test)",
                openInputsBefore).isZero();
    }

    @Test
    void mutatedAndTruncatedInputsOfEveryFormatEndOrFailCleanlyWithoutLeaks() throws Exception {
        List<Format> formats = formats();
        String replay = System.getProperty("earshot.fuzz.replay");
        if (replay != null && !replay.isBlank()) {
            replay(replay, formats);
            return;
        }
        int casesPerFormat = Math.max(MIN_CASES_PER_FORMAT, Integer.getInteger("earshot.fuzz.cases", CASES_PER_FORMAT));
        boolean trace = Boolean.getBoolean("earshot.fuzz.trace");
        long started = System.nanoTime();

        // Warm-up: every clean fixture once (the harness must decode real audio, or the fuzzing means nothing),
        // then a few mutated inputs of each, so every native library, demuxer and JIT path has had its first
        // use, and glibc its arenas, before the memory baseline is taken.
        for (int f = 0; f < formats.size(); f++) {
            Format format = formats.get(f);
            Outcome clean = runBounded(format, -1, cleanInput(format));
            if (format.acceptedClean()) {
                assertThat(clean.rejected()).as("clean %s is rejected: %s", format.name(), clean.reason()).isFalse();
                assertThat(clean.frames()).as("clean %s decodes to audio", format.name()).isPositive();
            } else {
                assertThat(clean.rejected()).as("clean %s must be rejected", format.name()).isTrue();
            }
        }
        for (int i = 0; i < WARMUP_CASES_PER_FORMAT; i++) {
            for (int f = 0; f < formats.size(); f++) {
                long seed = seed(f, WARMUP_SEED_OFFSET + i);
                runBounded(formats.get(f), seed, mutate(formats.get(f), seed));
            }
        }
        long rssAfterWarmup = residentBytes();
        long warmupMs = elapsedMs(started);

        Map<String, Tally> tallies = new LinkedHashMap<>();
        int total = 0;
        long mainStarted = System.nanoTime();
        for (int i = 0; i < casesPerFormat; i++) {
            for (int f = 0; f < formats.size(); f++) { // interleaved: no format runs only early or only late
                Format format = formats.get(f);
                long seed = seed(f, i);
                Input input = mutate(format, seed);
                Outcome outcome = runBounded(format, seed, input);
                tallies.computeIfAbsent(format.name(), name -> new Tally()).add(outcome, input.abandon());
                total++;
                if (trace && outcome.slowestCallMs() > 1000) {
                    System.out.printf("SLOW %s seed %d [%s]: %s%n", format.name(), seed, input.mutation(), outcome);
                }
            }
            if (trace && i % 10 == 9) {
                System.out.printf("RSS after round %d: %.1f MB%n", i + 1, residentBytes() / 1048576.0);
            }
        }
        long mainMs = elapsedMs(mainStarted);
        long rssAfterRun = residentBytes();
        long growth = rssAfterRun - rssAfterWarmup;

        System.out.printf("DecoderFuzzTest: %d formats, %d mutated inputs in %d ms (warm-up: %d inputs, %d ms)%n",
                formats.size(), total, mainMs, formats.size() * (WARMUP_CASES_PER_FORMAT + 1), warmupMs);
        System.out.printf("  %-22s %6s %5s %8s %7s %9s %10s %10s  %s%n", "format", "inputs", "ok", "rejected",
                "stalled", "abandoned", "slowest-ms", "slowest-in", "most common rejection");
        tallies.forEach((name, t) -> System.out.printf("  %-22s %6d %5d %8d %7d %9d %10d %10d  %s%n", name,
                t.inputs, t.ok, t.rejected, t.stalled, t.abandoned, t.slowestCallMs, t.slowestInputMs, t.topReason()));
        System.out.printf("  RSS after warm-up %.1f MB, after the run %.1f MB: growth %.1f MB (bound %d MB)%n",
                rssAfterWarmup / 1048576.0, rssAfterRun / 1048576.0, growth / 1048576.0, RSS_GROWTH_BOUND_BYTES >> 20);
        failures.forEach(failure -> System.out.println("FUZZ FAILURE " + failure));

        assertThat(failures).as("inputs that escaped with something other than UndecodableAudioException, took"
                + " too long, left a decoder thread running or leaked an FFmpeg input").isEmpty();
        assertThat(total).isGreaterThanOrEqualTo(1_000);
        assertThat(tallies).hasSize(formats.size());
        assertThat(tallies.values()).allSatisfy(t -> assertThat(t.inputs).isGreaterThanOrEqualTo(MIN_CASES_PER_FORMAT));
        assertThat(growth).as("native memory growth over %d inputs", total).isLessThan(RSS_GROWTH_BOUND_BYTES);
    }

    /**
     * A FLAC file whose STREAMINFO declares its length (every FLAC file does, unlike a live encoder's stream),
     * followed by more bytes: the same file again (a client that restarts its upload), or a few 0xFF bytes.
     * The stream may be rejected, but its decoder thread must end once the stream is closed.
     */
    @Test
    void aFlacFileFollowedByMoreBytesDoesNotLeaveItsDecoderThreadRunning() throws Exception {
        byte[] flac = Files.readAllBytes(formatsDir().resolve("speech-a.16k.flac"));
        byte[] ones = new byte[16];
        Arrays.fill(ones, (byte) 0xFF);
        Format format = new Format("flac + more", flac, "", false, true);
        Outcome twice = runBounded(format, -1, new Input(List.of(flac, flac), false, "the file twice"));
        Outcome tail = runBounded(format, -1, new Input(List.of(flac, ones), false, "the file + 16 x 0xFF"));
        System.out.println("FLAC twice: " + twice + "\nFLAC + 0xFF: " + tail);
        assertThat(failures).as("runaway decoder threads").isEmpty();
    }

    /**
     * A FLAC VORBIS_COMMENT block whose vendor-string length (a 32-bit field inside a block of 40 bytes) claims
     * 2 GB. jflac used to allocate it (OutOfMemoryError, swallowed); comments now reach it as padding, so the
     * audio, which the comment does not touch, is decoded, and nothing escapes the decoder thread.
     */
    @Test
    void aFlacCommentClaimingGigabytesIsHarmless() throws Exception {
        byte[] flac = Files.readAllBytes(formatsDir().resolve("speech-a.16k.flac")).clone();
        int vendorLength = metadataBlock(flac, 4) + 4;
        flac[vendorLength] = (byte) 0xF0; // 0x7FFFFFF0, little-endian
        flac[vendorLength + 1] = (byte) 0xFF;
        flac[vendorLength + 2] = (byte) 0xFF;
        flac[vendorLength + 3] = (byte) 0x7F;
        Format format = new Format("flac huge comment", flac, "", false, false);
        Outcome outcome = runBounded(format, -1, new Input(List.of(flac), false, "vendor length 0x7FFFFFF0"));
        System.out.println("FLAC with a 2 GB vendor string: " + outcome);
        assertThat(failures).as("what escaped the decoder").isEmpty();
        assertThat(outcome.rejected()).as("rejected: %s", outcome).isFalse();
        assertThat(outcome.frames()).as("the whole 14 s decoded").isGreaterThan(13 * 16_000);
    }

    /** The offset of the first FLAC metadata block of this type (its 4-byte header). */
    private static int metadataBlock(byte[] flac, int type) {
        for (int at = 4; at + 4 <= flac.length; ) {
            int length = (flac[at + 1] & 0xFF) << 16 | (flac[at + 2] & 0xFF) << 8 | flac[at + 3] & 0xFF;
            if ((flac[at] & 0x7F) == type) {
                return at;
            }
            if ((flac[at] & 0x80) != 0) {
                break;
            }
            at += 4 + length;
        }
        throw new IllegalArgumentException("no FLAC metadata block of type " + type);
    }

    private void replay(String replay, List<Format> formats) throws Exception {
        int colon = replay.lastIndexOf(':');
        String name = replay.substring(0, colon);
        long seed = Long.decode(replay.substring(colon + 1));
        Format format = formats.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        Input input = mutate(format, seed);
        Outcome outcome = runBounded(format, seed, input);
        System.out.printf("replay %s seed %d: %s -> %s%n", name, seed, input.mutation(), outcome);
        assertThat(failures).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Running one input

    /**
     * Runs one input on the driver thread, with a hard bound, then waits for its decoder thread to end.
     * Records failures; fails at once only when the driver itself hangs or a decoder thread cannot be stopped.
     */
    private Outcome runBounded(Format format, long seed, Input input) throws InterruptedException {
        String label = format.name() + " seed " + seed + " [" + input.mutation() + "]";
        Future<Outcome> future = driver.submit(() -> runOne(format, input, decoders, label));
        Outcome outcome;
        try {
            outcome = future.get(DRIVER_BOUND_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException hung) {
            throw new AssertionError("HANG: " + label + ": a decoder call did not return within " + DRIVER_BOUND_MS
                    + " ms" + threads.busyStacks());
        } catch (ExecutionException e) {
            failures.add(label + ": " + stackTrace(e.getCause()));
            outcome = new Outcome(true, "escaped " + e.getCause(), 0, 0, 0, 0);
        }
        if (!threads.awaitIdle(THREAD_RETURN_MS)) {
            failures.add(label + ": its decoder thread still runs " + THREAD_RETURN_MS + " ms after close()"
                    + threads.busyStacks());
            // Stopped so that the rest of the run (and of the test JVM) keeps its CPU; the failure stands.
            threads.stopRunaways();
            if (!threads.awaitIdle(THREAD_RETURN_MS)) {
                throw new AssertionError("HANG: " + label + ": its decoder thread cannot be stopped"
                        + threads.busyStacks());
            }
        }
        for (Throwable escaped : threads.escaped) {
            failures.add(label + ": escaped its decoder thread: " + stackTrace(escaped));
        }
        threads.escaped.clear();
        int open = TestServers.ffmpeg().openInputs();
        if (open != openInputsBefore) {
            failures.add(label + ": " + (open - openInputsBefore) + " FFmpeg inputs still registered after close()");
        }
        if (outcome.totalMs() > INPUT_BOUND_MS) {
            failures.add(label + ": took " + outcome.totalMs() + " ms (bound " + INPUT_BOUND_MS + " ms)");
        }
        return outcome;
    }

    /**
     * Feeds the pieces, then finish() (unless abandoned), then close() twice. Only
     * {@link UndecodableAudioException} may come out of decode() or finish(); anything else propagates.
     */
    private static Outcome runOne(Format format, Input input, AudioDecoders decoders, String label) throws Exception {
        ListenOptions options = ListenOptionsParser.parse(format.query());
        long started = System.nanoTime();
        long slowest = 0;
        long frames = 0;
        int calls = 0;
        AudioDecoder decoder = decoders.forStream(options);
        long callStarted = 0;
        try {
            for (byte[] piece : input.pieces()) {
                callStarted = System.nanoTime();
                PcmBlock block = decoder.decode(piece, 0, piece.length);
                slowest = Math.max(slowest, elapsedMs(callStarted));
                calls++;
                frames += checked(block, label);
                while (decoder.hasMore()) { // what these bytes make beyond a block, a block at a time
                    callStarted = System.nanoTime();
                    frames += checked(decoder.more(), label);
                    slowest = Math.max(slowest, elapsedMs(callStarted));
                    calls++;
                }
            }
            if (!input.abandon()) {
                callStarted = System.nanoTime();
                PcmBlock block = decoder.finish();
                slowest = Math.max(slowest, elapsedMs(callStarted));
                calls++;
                frames += checked(block, label);
                while (decoder.hasMore()) {
                    callStarted = System.nanoTime();
                    frames += checked(decoder.more(), label);
                    slowest = Math.max(slowest, elapsedMs(callStarted));
                    calls++;
                }
            }
            decoder.format();
            return new Outcome(false, null, frames, slowest, elapsedMs(started), calls);
        } catch (UndecodableAudioException rejected) {
            slowest = Math.max(slowest, elapsedMs(callStarted)); // the call that failed
            assertThat(rejected.getMessage()).as("%s: rejection reason", label).isNotBlank();
            return new Outcome(true, rejected.getMessage(), frames, slowest, elapsedMs(started), calls + 1);
        } finally {
            decoder.close();
            decoder.close(); // idempotent
        }
    }

    /**
     * A block must be internally consistent (as many channels as it says, each at least frames long), and
     * bounded: a block of samples, plus at most the one decoder frame being appended when it filled.
     */
    private static int checked(PcmBlock block, String label) {
        if (block.frames() > 0) {
            assertThat(block.channelCount()).as("%s: channels of a non-empty block", label).isPositive();
            assertThat((long) block.frames() * block.channelCount()).as("%s: samples in one block", label)
                    .isLessThanOrEqualTo(Settings.DecodeLimits.DEFAULTS.blockSamples() + MAX_DECODER_FRAME_SAMPLES);
            for (float[] channel : block.channels()) {
                assertThat(channel.length).as("%s: channel length", label).isGreaterThanOrEqualTo(block.frames());
            }
        }
        return block.frames();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fixtures

    static Path formatsDir() {
        return Fixtures.dir().getParent().resolve("formats");
    }

    static List<Format> formats() throws IOException {
        Path speech = Fixtures.dir();
        Path dir = formatsDir();
        byte[] wav = Files.readAllBytes(speech.resolve("speech-a.wav"));
        List<Format> formats = new ArrayList<>();
        // Raw encodings (the client names them).
        formats.add(new Format("linear16", Fixtures.pcm(wav), "encoding=linear16&sample_rate=16000", false, true));
        formats.add(new Format("mulaw", Files.readAllBytes(speech.resolve("speech-a-8k.mulaw")),
                "encoding=mulaw&sample_rate=8000", false, true));
        formats.add(raw(dir, "speech-a.8k.alaw", "alaw", "encoding=alaw&sample_rate=8000"));
        formats.add(raw(dir, "speech-a.16k.stream.flac", "flac (raw stream)", "encoding=flac&sample_rate=16000"));
        formats.add(packets(dir, "speech-a.16k.opuspackets", "opus packets", "encoding=opus&sample_rate=16000"));
        formats.add(packets(dir, "speech-a.16k.speexpackets", "speex packets", "encoding=speex&sample_rate=16000"));
        formats.add(raw(dir, "speech-a.ogg-opus.opus", "ogg-opus", "encoding=ogg-opus&sample_rate=16000"));
        formats.add(raw(dir, "speech-a.8k.amr-nb", "amr-nb", "encoding=amr-nb&sample_rate=8000"));
        formats.add(raw(dir, "speech-a.16k.amr-wb", "amr-wb", "encoding=amr-wb&sample_rate=16000"));
        formats.add(raw(dir, "speech-a.8k.amr", "amr-nb (#!AMR magic)", "encoding=amr-nb&sample_rate=8000"));
        formats.add(raw(dir, "speech-a.8k.g729", "g729", "encoding=g729&sample_rate=8000"));
        // Containers (sniffed).
        formats.add(new Format("wav s16", wav, "", false, true));
        formats.add(container(dir, "speech-a.8k.mulaw.wav", "wav mulaw"));
        formats.add(container(dir, "speech-a.8k.alaw.wav", "wav alaw"));
        formats.add(container(dir, "speech-a.opus.ogg", "ogg opus"));
        formats.add(container(dir, "speech-ab.stereo.opus.ogg", "ogg opus stereo"));
        formats.add(container(dir, "speech-a.vorbis.ogg", "ogg vorbis"));
        formats.add(container(dir, "speech-a.speex.ogg", "ogg speex"));
        formats.add(container(dir, "speech-a.flac.ogg", "ogg flac"));
        formats.add(container(dir, "speech-a.opus.webm", "webm opus"));
        formats.add(container(dir, "speech-a.opus.live.webm", "webm opus live"));
        formats.add(container(dir, "speech-a.chrome-mediarecorder.webm", "webm chrome"));
        formats.add(container(dir, "speech-a.vorbis.mka", "mka vorbis"));
        formats.add(container(dir, "speech-a.16k.flac", "flac"));
        formats.add(container(dir, "speech-a.44k-stereo.id3.mp3", "mp3 id3"));
        formats.add(container(dir, "speech-a.16k.bare.mp3", "mp3 bare"));
        formats.add(container(dir, "speech-a.16k.aac", "aac adts"));
        formats.add(container(dir, "speech-a.aac.faststart.m4a", "m4a faststart"));
        formats.add(container(dir, "speech-a.aac.fragmented.m4a", "m4a fragmented"));
        formats.add(new Format("m4a moov-at-end", Files.readAllBytes(dir.resolve("speech-a.aac.moov-at-end.m4a")),
                "", false, false)); // refused live by design
        formats.add(container(dir, "speech-a.8k.amr", "amr file"));
        formats.add(container(dir, "speech-a.16k.awb", "awb file"));
        // Not audio: must be rejected, mutated or not.
        for (String garbage : List.of("garbage.png", "garbage.jpg", "garbage.txt")) {
            formats.add(new Format(garbage, Files.readAllBytes(dir.resolve(garbage)), "", false, false));
        }
        return formats;
    }

    private static Format raw(Path dir, String file, String name, String query) throws IOException {
        return new Format(name, Files.readAllBytes(dir.resolve(file)), query, false, true);
    }

    private static Format packets(Path dir, String file, String name, String query) throws IOException {
        return new Format(name, Files.readAllBytes(dir.resolve(file)), query, true, true);
    }

    private static Format container(Path dir, String file, String name) throws IOException {
        return new Format(name, Files.readAllBytes(dir.resolve(file)), "", false, true);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Mutations (all derived from the seed)

    static long seed(int formatIndex, long caseIndex) {
        return (formatIndex + 1) * SEEDS_PER_FORMAT + caseIndex;
    }

    static Input cleanInput(Format format) {
        Random random = new Random(42);
        if (format.packets()) {
            return new Input(unframe(format.bytes()), false, "clean");
        }
        StringBuilder how = new StringBuilder("clean");
        return new Input(chunk(format.bytes(), random, how), false, how.toString());
    }

    static Input mutate(Format format, long seed) {
        Random random = new Random(seed);
        StringBuilder how = new StringBuilder();
        List<byte[]> pieces = format.packets() ? mutatePackets(format.bytes(), random, how)
                : chunk(mutateBytes(format.bytes(), random, how), random, how);
        if (!format.packets() && random.nextInt(5) == 0) {
            pieces = dupDrop(pieces, random, how);
        }
        boolean abandon = random.nextInt(10) == 0;
        if (abandon && !pieces.isEmpty()) {
            pieces = new ArrayList<>(pieces.subList(0, random.nextInt(pieces.size()) + 1));
            how.append(" abandon@").append(pieces.size());
        }
        return new Input(pieces, abandon, how.toString().trim());
    }

    /** One or two byte-level mutations of a whole file. */
    static byte[] mutateBytes(byte[] file, Random random, StringBuilder how) {
        byte[] data = mutateOnce(file.clone(), random, how);
        if (random.nextInt(4) == 0) {
            data = mutateOnce(data, random, how);
        }
        return data;
    }

    private static byte[] mutateOnce(byte[] data, Random random, StringBuilder how) {
        if (data.length == 0) {
            return data;
        }
        switch (random.nextInt(6)) {
            case 0 -> { // bit flips in the body
                int from = Math.min(data.length - 1, 64);
                int flips = 1 + random.nextInt(32);
                for (int i = 0; i < flips; i++) {
                    data[from + random.nextInt(data.length - from)] ^= (byte) (1 << random.nextInt(8));
                }
                how.append(" flip").append(flips);
            }
            case 1 -> { // random bytes at a small rate, header included
                double rate = new double[] {1e-4, 5e-4, 2e-3, 1e-2}[random.nextInt(4)];
                int count = Math.max(1, (int) Math.round(data.length * rate));
                for (int i = 0; i < count; i++) {
                    data[random.nextInt(data.length)] = (byte) random.nextInt(256);
                }
                if (random.nextBoolean()) {
                    data[random.nextInt(Math.min(data.length, 64))] = (byte) random.nextInt(256);
                }
                how.append(" noise").append(count);
            }
            case 2 -> { // header bytes, often to extremes (sizes, counts, rates)
                int count = 1 + random.nextInt(4);
                int[] extremes = {0x00, 0xFF, 0x7F, 0x80, 0x01};
                for (int i = 0; i < count; i++) {
                    int at = random.nextInt(Math.min(data.length, 512));
                    data[at] = (byte) (random.nextBoolean() ? extremes[random.nextInt(extremes.length)] : random.nextInt(256));
                }
                how.append(" header").append(count);
            }
            case 3 -> { // truncation, often inside the header
                int cut = truncationPoint(data.length, random);
                data = Arrays.copyOf(data, cut);
                how.append(" cut@").append(cut);
            }
            case 4 -> { // truncation, then random bytes
                int cut = truncationPoint(data.length, random);
                byte[] tail = new byte[1 + random.nextInt(16 << 10)];
                random.nextBytes(tail);
                data = concat(Arrays.copyOf(data, cut), tail);
                how.append(" cut@").append(cut).append("+tail").append(tail.length);
            }
            default -> { // a stretch of the file repeated or removed (as if the client resent or lost a frame)
                int at = random.nextInt(data.length);
                int length = Math.min(data.length - at, 1 + random.nextInt(8192));
                if (random.nextBoolean()) {
                    data = concat(Arrays.copyOf(data, at + length), Arrays.copyOfRange(data, at, data.length));
                    how.append(" repeat").append(length).append('@').append(at);
                } else {
                    data = concat(Arrays.copyOf(data, at), Arrays.copyOfRange(data, at + length, data.length));
                    how.append(" remove").append(length).append('@').append(at);
                }
            }
        }
        return data;
    }

    private static int truncationPoint(int length, Random random) {
        return random.nextInt(3) == 0 ? random.nextInt(Math.min(length, 512)) : random.nextInt(length);
    }

    /** Cuts bytes into decode() calls: log-uniform sizes, one fixed size, or tiny pieces over the header. */
    static List<byte[]> chunk(byte[] data, Random random, StringBuilder how) {
        List<byte[]> pieces = new ArrayList<>();
        int mode = random.nextInt(3);
        int fixed = Math.max(logUniform(random, MAX_CHUNK), data.length / 2000 + 1); // at most ~2,000 calls
        int tinyUntil = mode == 2 ? Math.min(data.length, 256 + random.nextInt(4096)) : 0;
        for (int at = 0; at < data.length; ) {
            int size;
            if (at < tinyUntil) {
                size = 1 + random.nextInt(16);
            } else if (mode == 1) {
                size = fixed;
            } else {
                size = logUniform(random, MAX_CHUNK);
            }
            size = Math.min(size, data.length - at);
            pieces.add(Arrays.copyOfRange(data, at, at + size));
            at += size;
        }
        how.append(switch (mode) {
            case 0 -> " chunks:random";
            case 1 -> " chunks:" + fixed;
            default -> " chunks:tiny-head" + tinyUntil;
        }).append('/').append(pieces.size());
        return pieces;
    }

    /** Drops or duplicates a few pieces (at least one). */
    static List<byte[]> dupDrop(List<byte[]> pieces, Random random, StringBuilder how) {
        if (pieces.isEmpty()) {
            return pieces;
        }
        double rate = 0.01 + random.nextDouble() * 0.1;
        List<byte[]> out = new ArrayList<>();
        int dropped = 0;
        int duplicated = 0;
        int forced = random.nextInt(pieces.size());
        boolean forceDrop = random.nextBoolean();
        for (int i = 0; i < pieces.size(); i++) {
            double roll = random.nextDouble();
            if (i == forced ? forceDrop : roll < rate / 2) {
                dropped++;
                continue;
            }
            out.add(pieces.get(i));
            if (i == forced || roll < rate) {
                out.add(pieces.get(i));
                duplicated++;
            }
        }
        how.append(" drop").append(dropped).append("/dup").append(duplicated);
        return out;
    }

    /** Mutates a length-prefixed packet file: packets, their lengths or their sequence. One packet per call. */
    static List<byte[]> mutatePackets(byte[] file, Random random, StringBuilder how) {
        List<byte[]> packets = unframe(file);
        switch (random.nextInt(7)) {
            case 0 -> { // bit flips inside some packets
                int touched = 1 + random.nextInt(40);
                for (int i = 0; i < touched; i++) {
                    int index = random.nextInt(packets.size());
                    byte[] packet = packets.get(index).clone();
                    int flips = 1 + random.nextInt(8);
                    for (int f = 0; f < flips; f++) {
                        packet[random.nextInt(packet.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    packets.set(index, packet);
                }
                how.append(" packet-flips").append(touched);
            }
            case 1 -> { // random bytes at a rate over every packet, first (TOC) bytes included
                double rate = new double[] {1e-3, 1e-2, 5e-2}[random.nextInt(3)];
                for (int i = 0; i < packets.size(); i++) {
                    byte[] packet = packets.get(i).clone();
                    for (int b = 0; b < packet.length; b++) {
                        if (random.nextDouble() < rate) {
                            packet[b] = (byte) random.nextInt(256);
                        }
                    }
                    packets.set(i, packet);
                }
                how.append(" packet-noise").append(rate);
            }
            case 2 -> { // packets cut short or padded with junk
                int touched = 1 + random.nextInt(40);
                for (int i = 0; i < touched; i++) {
                    int index = random.nextInt(packets.size());
                    byte[] packet = packets.get(index);
                    if (random.nextBoolean()) {
                        packets.set(index, Arrays.copyOf(packet, 1 + random.nextInt(packet.length)));
                    } else {
                        byte[] junk = new byte[1 + random.nextInt(2048)];
                        random.nextBytes(junk);
                        packets.set(index, concat(packet, junk));
                    }
                }
                how.append(" packet-resize").append(touched);
            }
            case 3 -> { // corrupt length prefixes: the rest of the file is misframed
                byte[] framed = file.clone();
                List<Integer> prefixes = prefixOffsets(framed);
                int touched = 1 + random.nextInt(3);
                for (int i = 0; i < touched; i++) {
                    int at = prefixes.get(random.nextInt(prefixes.size())) + random.nextInt(2);
                    framed[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : framed[at] ^ (1 << random.nextInt(8)));
                }
                packets = unframe(framed);
                how.append(" length-prefix").append(touched);
            }
            case 4 -> { // packets lost and resent
                double rate = 0.02 + random.nextDouble() * 0.2;
                List<byte[]> out = new ArrayList<>();
                for (byte[] packet : packets) {
                    double roll = random.nextDouble();
                    if (roll < rate / 2) {
                        continue;
                    }
                    out.add(packet);
                    if (roll < rate) {
                        out.add(packet);
                    }
                }
                packets = out;
                how.append(" packet-drop-dup").append(String.format("%.2f", rate));
            }
            case 5 -> { // the stream stops early, maybe followed by junk packets
                int keep = random.nextInt(3) == 0 ? random.nextInt(10) : random.nextInt(packets.size());
                packets = new ArrayList<>(packets.subList(0, keep));
                int junk = random.nextBoolean() ? random.nextInt(20) : 0;
                for (int i = 0; i < junk; i++) {
                    packets.add(randomBytes(random, logUniform(random, 4096)));
                }
                how.append(" packet-cut@").append(keep).append("+junk").append(junk);
            }
            default -> { // junk packets of any size (1 byte .. 64 KB) inserted among the good ones
                int inserted = 1 + random.nextInt(20);
                for (int i = 0; i < inserted; i++) {
                    byte[] junk = randomBytes(random, logUniform(random, MAX_CHUNK));
                    if (random.nextBoolean()) {
                        junk[0] = packets.get(random.nextInt(packets.size()))[0]; // a plausible TOC / mode byte
                    }
                    packets.add(random.nextInt(packets.size() + 1), junk);
                }
                how.append(" packet-junk").append(inserted);
            }
        }
        how.append(" packets/").append(packets.size());
        return packets;
    }

    /** Splits [2-byte big-endian length][packet] records; a length past the end takes what is left. */
    static List<byte[]> unframe(byte[] framed) {
        List<byte[]> packets = new ArrayList<>();
        int at = 0;
        while (at + 2 <= framed.length) {
            int length = (framed[at] & 0xFF) << 8 | framed[at + 1] & 0xFF;
            at += 2;
            int end = Math.min(framed.length, at + length);
            if (end > at) { // an empty binary frame never reaches a decoder (it is the end-of-stream signal)
                packets.add(Arrays.copyOfRange(framed, at, end));
            }
            at = end;
        }
        return packets;
    }

    private static List<Integer> prefixOffsets(byte[] framed) {
        List<Integer> offsets = new ArrayList<>();
        for (int at = 0; at + 2 <= framed.length; at += 2 + ((framed[at] & 0xFF) << 8 | framed[at + 1] & 0xFF)) {
            offsets.add(at);
        }
        return offsets;
    }

    private static int logUniform(Random random, int max) {
        return (int) Math.min(max, Math.max(1, Math.round(Math.exp(random.nextDouble() * Math.log(max)))));
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plumbing

    /** Resident set size of this process: /proc/self/statm's second field, in pages. */
    /** glibc, for malloc_trim. */
    private interface C extends com.sun.jna.Library {
        int malloc_trim(long pad);
    }

    private static final C LIBC = com.sun.jna.Native.load("c", C.class);

    private static long residentBytes() throws IOException {
        System.gc(); // let JavaCPP's GC-driven deallocator see whatever Pointers became unreachable
        // Free chunks glibc keeps in its arenas are not a leak, and how many it keeps depends on what ran
        // before (a test that loaded and freed a whole model swung the growth by -36 to +32 MB): give them
        // back first, so RSS counts live native memory. A leak is live and stays counted.
        LIBC.malloc_trim(0);
        String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(fields[1]) * PAGE_BYTES;
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static String shortReason(String reason) {
        String text = reason == null ? "" : reason.replaceAll("\\(first bytes [0-9a-f]+\\)", "(first bytes ...)")
                .replaceAll("\\d+", "N");
        return text.length() > 70 ? text.substring(0, 70) + "..." : text;
    }

    private static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        String[] lines = text.toString().split("\n");
        return String.join("\n", Arrays.asList(lines).subList(0, Math.min(lines.length, 12)));
    }

    /**
     * The bounded pool the pull decoders run on. It counts the tasks it runs so the test can wait, after each
     * input's close(), until its decoder thread has given itself back, and it remembers every thread it made.
     */
    static final class DecoderThreads extends ThreadPoolExecutor {
        final List<Thread> created = new CopyOnWriteArrayList<>();
        private final AtomicInteger threadNumber = new AtomicInteger();
        private final Object lock = new Object();
        /** Threads running a decoder now. Guarded by lock. */
        private final Set<Thread> busy = new HashSet<>();
        /** What escaped a decoder thread's task since the last look. */
        final List<Throwable> escaped = new CopyOnWriteArrayList<>();
        /** Tasks handed over and not yet ended (a task is counted before its thread picks it up). Guarded by lock. */
        private int running;

        DecoderThreads(int maxThreads) {
            super(0, maxThreads, 1, TimeUnit.SECONDS, new SynchronousQueue<>());
            setThreadFactory(runnable -> {
                Thread thread = new Thread(runnable, "fuzz-decoder-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                created.add(thread);
                return thread;
            });
        }

        @Override
        public void execute(Runnable task) {
            synchronized (lock) {
                running++;
            }
            try {
                super.execute(() -> {
                    synchronized (lock) {
                        busy.add(Thread.currentThread());
                    }
                    try {
                        task.run();
                    } catch (ThreadDeath stopped) {
                        throw stopped; // stopRunaways()
                    } catch (Throwable escaped) {
                        // PullDecoder catches Exception and LinkageError; nothing else may end a decoder thread.
                        this.escaped.add(escaped);
                    } finally {
                        synchronized (lock) {
                            busy.remove(Thread.currentThread());
                        }
                        taskDone();
                    }
                });
            } catch (RejectedExecutionException e) {
                taskDone();
                throw e;
            }
        }

        private void taskDone() {
            synchronized (lock) {
                running--;
                lock.notifyAll();
            }
        }

        /** Waits until no decoder runs. @return false on timeout */
        boolean awaitIdle(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            synchronized (lock) {
                while (running > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                return true;
            }
        }

        /** Where the running decoder threads are, for a hang report. */
        String busyStacks() {
            StringBuilder text = new StringBuilder();
            for (Thread thread : busyThreads()) {
                text.append("\n  ").append(thread.getName()).append(" (").append(thread.getState()).append("):")
                        .append(stack(thread));
            }
            return text.toString();
        }

        /**
         * Stops decoder threads that did not end after close() (a decoder spinning in Java never reads again, so
         * close() cannot reach it). Only for the test's own runaway threads, after the failure is recorded.
         */
        @SuppressWarnings({"deprecation", "removal"})
        void stopRunaways() {
            for (Thread thread : busyThreads()) {
                thread.stop();
            }
        }

        private List<Thread> busyThreads() {
            synchronized (lock) {
                return new ArrayList<>(busy);
            }
        }
    }

    private static String stack(Thread thread) {
        StringBuilder text = new StringBuilder();
        StackTraceElement[] stack = thread.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
            text.append("\n    at ").append(stack[i]);
        }
        return text.toString();
    }
}
