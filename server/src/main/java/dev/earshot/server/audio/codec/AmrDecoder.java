package dev.earshot.server.audio.codec;

import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.ffmpeg.FfmpegDecoders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code encoding=amr-nb} or {@code amr-wb}: headerless AMR frames, or, from clients that stream a .amr
 * file as it is, the same behind its {@code #!AMR} magic. The first bytes decide which FFmpeg demuxer reads.
 */
final class AmrDecoder implements AudioDecoder {
    private static final byte[] MAGIC = "#!AMR".getBytes(StandardCharsets.US_ASCII);

    private final FfmpegDecoders ffmpeg;
    private final String headerlessFormat;
    /** Decode lane only. */
    private final byte[] head = new byte[MAGIC.length];
    private int headLength;
    private AudioDecoder inner;

    AmrDecoder(FfmpegDecoders ffmpeg, String headerlessFormat) {
        this.ffmpeg = ffmpeg;
        this.headerlessFormat = headerlessFormat;
    }

    @Override
    public PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException {
        if (inner != null) {
            return inner.decode(bytes, offset, length);
        }
        int taken = Math.min(length, head.length - headLength);
        System.arraycopy(bytes, offset, head, headLength, taken);
        headLength += taken;
        boolean magic = true;
        for (int i = 0; i < headLength; i++) {
            magic &= head[i] == MAGIC[i];
        }
        if (magic && headLength < head.length) {
            return PcmBlock.EMPTY;
        }
        inner = ffmpeg.streaming(magic ? "amr" : headerlessFormat, Map.of());
        byte[] first = new byte[headLength + length - taken];
        System.arraycopy(head, 0, first, 0, headLength);
        System.arraycopy(bytes, offset + taken, first, headLength, length - taken);
        return inner.decode(first, 0, first.length);
    }

    @Override
    public boolean hasMore() {
        return inner != null && inner.hasMore();
    }

    @Override
    public PcmBlock more() throws UndecodableAudioException {
        return inner == null ? PcmBlock.EMPTY : inner.more();
    }

    @Override
    public PcmBlock finish() throws UndecodableAudioException {
        return inner == null ? PcmBlock.EMPTY : inner.finish();
    }

    @Override
    public long ownThreadCpuNanos() {
        return inner == null ? 0 : inner.ownThreadCpuNanos();
    }

    @Override
    public Optional<AudioFormat> format() {
        return inner == null ? Optional.empty() : inner.format();
    }

    @Override
    public void close() {
        if (inner != null) {
            inner.close();
        }
    }
}
