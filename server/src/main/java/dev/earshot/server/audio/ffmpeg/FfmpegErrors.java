package dev.earshot.server.audio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** FFmpeg's error codes as words, for one-line close reasons. */
final class FfmpegErrors {
    private FfmpegErrors() {
    }

    static String describe(String what, int error) {
        byte[] text = new byte[128];
        if (av_strerror(error, text, text.length) < 0) {
            return what + " (error " + error + ")";
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return what + " (" + new String(text, 0, end, java.nio.charset.StandardCharsets.US_ASCII) + ")";
    }
}
