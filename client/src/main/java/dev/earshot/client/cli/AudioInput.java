package dev.earshot.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/** Where {@code earshot stream} gets its audio, and at what pace it sends it. */
interface AudioInput {
    /** Deepgram recommends 20–250 ms per frame; 100 ms is in the middle. */
    int FRAME_MILLIS = 100;

    /** Something that takes frames of audio (the connection). */
    interface Sink {
        /** @return false when the stream is over and no more audio is wanted */
        boolean send(byte[] frame, int length) throws InterruptedException;
    }

    void pump(Sink sink) throws IOException, InterruptedException;

    /**
     * A whole file, paced at real time when its byte rate is known ({@code bytesPerSecond > 0}) and pacing
     * is wanted; otherwise as fast as the server takes it.
     */
    static AudioInput file(byte[] audio, long bytesPerSecond, boolean paced) {
        return sink -> {
            int frame = bytesPerSecond > 0 ? (int) Math.max(1, bytesPerSecond * FRAME_MILLIS / 1000) : 4096;
            long started = System.nanoTime();
            for (int offset = 0, index = 0; offset < audio.length; offset += frame, index++) {
                if (paced && bytesPerSecond > 0) {
                    long due = started + TimeUnit.MILLISECONDS.toNanos((long) index * FRAME_MILLIS);
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                }
                int length = Math.min(frame, audio.length - offset);
                if (!sink.send(java.util.Arrays.copyOfRange(audio, offset, offset + length), length)) {
                    return;
                }
            }
        };
    }

    /** Standard input, sent as it comes: whatever writes it (arecord, sox, ffmpeg) sets the pace. */
    static AudioInput stream(InputStream in) {
        return sink -> {
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (read > 0 && !sink.send(java.util.Arrays.copyOf(buffer, read), read)) {
                    return;
                }
            }
        };
    }

    /** The default microphone as 16 kHz mono linear16, for {@code seconds} (0: until interrupted). */
    static AudioInput microphone(TargetDataLine line, int seconds) {
        return sink -> {
            byte[] frame = new byte[16_000 * 2 * FRAME_MILLIS / 1000];
            long end = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
            line.start();
            try {
                while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                    int read = line.read(frame, 0, frame.length);
                    if (read > 0 && !sink.send(java.util.Arrays.copyOf(frame, read), read)) {
                        return;
                    }
                }
            } finally {
                line.stop();
                line.close();
            }
        };
    }

    /** The microphone's line, opened; the message says why there is none. */
    static TargetDataLine openMicrophone() throws LineUnavailableException {
        AudioFormat format = new AudioFormat(16_000f, 16, 1, true, false);
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, format);
        if (!AudioSystem.isLineSupported(info)) {
            throw new LineUnavailableException("no capture device supports 16 kHz mono 16-bit audio on this machine");
        }
        TargetDataLine line = (TargetDataLine) AudioSystem.getLine(info);
        line.open(format);
        return line;
    }

    /** Bytes per second of a WAV file, from its fmt chunk; 0 when the bytes are not a WAV. */
    static long wavByteRate(byte[] audio) {
        if (audio.length < 12 || !new String(audio, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                || !new String(audio, 8, 4, StandardCharsets.US_ASCII).equals("WAVE")) {
            return 0;
        }
        for (long chunk = 12; chunk + 8 <= audio.length; ) {
            int at = (int) chunk;
            String id = new String(audio, at, 4, StandardCharsets.US_ASCII);
            long size = ByteBuffer.wrap(audio, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            if (id.equals("fmt ") && at + 16 <= audio.length) {
                return ByteBuffer.wrap(audio, at + 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            }
            chunk += 8 + size + (size & 1);
        }
        return 0;
    }

    /** Bytes per second of raw audio in a Deepgram encoding; 0 for compressed ones. */
    static long rawByteRate(String encoding, int sampleRate, int channels) {
        int bytesPerSample = switch (encoding) {
            case "linear16" -> 2;
            case "linear32" -> 4;
            case "mulaw", "alaw" -> 1;
            default -> 0;
        };
        return (long) bytesPerSample * sampleRate * channels;
    }
}
