package dev.earshot.server.audio.container;

import dev.earshot.server.Settings.DecodeLimits;
import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.PcmDecoder;
import dev.earshot.server.audio.SampleFormat;
import dev.earshot.server.audio.UndecodableAudioException;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * WAV (RIFF/RF64) parsed as it streams in: the header is read chunk by chunk, whatever the frame
 * boundaries, then the {@code data} chunk is decoded as raw PCM, float, μ-law or A-law. Parsed here, not
 * by FFmpeg, whose WAV demuxer holds back the first 64 KB (2 s of audio) before producing anything.
 */
public final class WavDecoder implements AudioDecoder {
    private final DecodeLimits limits;

    /** @param limits what the header may declare; a header (LIST, bext, junk chunks) within {@code maxHeaderBytes} */
    public WavDecoder(DecodeLimits limits) {
        this.limits = limits;
    }
    /** Streaming writers leave the data size at 0 or all ones; such a size means "until the stream ends". */
    private static final long UNKNOWN_SIZE_MARKERS = 0xFFFFFFFFL;

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    /**
     * Where the parser is. After a data chunk of known size: {@code AFTER_DATA} looks at the next four bytes;
     * another RIFF header means the client sends each piece of audio as a WAV file of its own (some
     * recorders do), which is read on; anything else is trailing metadata ({@code IGNORED}).
     */
    private enum Part { RIFF_HEADER, CHUNK_HEADER, FMT_BODY, SKIP, DATA, AFTER_DATA, IGNORED }

    /** Decode lane only. */
    private Part part = Part.RIFF_HEADER;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long headerBytes;
    private long toSkip;
    private int fmtSize;
    private AudioFormat format;
    private PcmDecoder pcm;
    /** Bytes of the data chunk still to decode, or -1 when the chunk runs to the end of the stream. */
    private long dataRemaining = -1;
    private boolean reachedData;

    @Override
    public Optional<AudioFormat> format() {
        return Optional.ofNullable(format);
    }

    @Override
    public PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException {
        int position = offset;
        int end = offset + length;
        PcmBlock decoded = PcmBlock.EMPTY;
        while (position < end && part != Part.IGNORED) {
            if (part != Part.DATA) {
                position = parseHeader(bytes, position, end);
                continue;
            }
            int audioBytes = end - position;
            if (dataRemaining >= 0) {
                audioBytes = (int) Math.min(audioBytes, dataRemaining);
                dataRemaining -= audioBytes;
                if (dataRemaining == 0) {
                    part = Part.AFTER_DATA;
                    headerBytes = 0;
                }
            }
            decoded = decoded.followedBy(pcm.decode(bytes, position, audioBytes));
            position += audioBytes;
        }
        return decoded;
    }

    private int parseHeader(byte[] bytes, int position, int end) throws UndecodableAudioException {
        if (part == Part.SKIP) {
            int skipped = (int) Math.min(toSkip, end - position);
            toSkip -= skipped;
            count(skipped);
            if (toSkip == 0) {
                part = Part.CHUNK_HEADER;
            }
            return position + skipped;
        }
        int needed = switch (part) {
            case AFTER_DATA -> 4;
            case RIFF_HEADER -> 12;
            case CHUNK_HEADER -> 8;
            case FMT_BODY -> fmtSize;
            default -> throw new IllegalStateException(part.name());
        };
        int taken = Math.min(needed - pending.size(), end - position);
        pending.write(bytes, position, taken);
        count(taken);
        if (pending.size() == needed) {
            byte[] field = pending.toByteArray();
            pending.reset();
            onField(field);
        }
        return position + taken;
    }

    private void onField(byte[] field) throws UndecodableAudioException {
        switch (part) {
            case AFTER_DATA -> {
                String magic = new String(field, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
                if (magic.equals("RIFF") || magic.equals("RF64")) {
                    pending.write(field, 0, 4); // the start of the next file's 12-byte header
                    part = Part.RIFF_HEADER;
                } else {
                    part = Part.IGNORED; // chunks after the audio (LIST, id3) are not audio
                }
            }
            case RIFF_HEADER -> {
                if (!new String(field, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WAVE")) {
                    throw new UndecodableAudioException("a RIFF file that is not WAVE audio follows the WAV data");
                }
                part = Part.CHUNK_HEADER;
            }
            case CHUNK_HEADER -> onChunkHeader(field);
            case FMT_BODY -> {
                AudioFormat declared = parseFormat(field, limits);
                if (format != null && !format.equals(declared)) {
                    throw new UndecodableAudioException("the WAV stream changed format from " + format + " to "
                            + declared + " between files");
                }
                if (format == null) {
                    format = declared;
                    pcm = new PcmDecoder(format);
                }
                part = Part.CHUNK_HEADER;
            }
            default -> throw new IllegalStateException(part.name());
        }
    }

    private void onChunkHeader(byte[] header) throws UndecodableAudioException {
        String id = new String(header, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
        long size = uint32(header, 4);
        if (!id.equals("data") && size > limits.maxHeaderBytes()) {
            // Checked before skipping: a chunk that claims 4 GB would otherwise swallow the stream's audio unheard.
            throw new UndecodableAudioException("the WAV header's '" + id.replaceAll("[^\\x20-\\x7e]", "?")
                    + "' chunk claims " + size + " bytes; this server takes at most " + limits.maxHeaderBytes()
                    + " bytes of header");
        }
        if (id.equals("fmt ")) {
            if (size < 16 || size > 1024) {
                throw new UndecodableAudioException("WAV header has a bad fmt chunk size (" + size + " bytes)");
            }
            fmtSize = (int) size;
            part = Part.FMT_BODY;
        } else if (id.equals("data")) {
            if (format == null) {
                throw new UndecodableAudioException("WAV data chunk comes before the fmt chunk that describes it");
            }
            dataRemaining = size == 0 || size == UNKNOWN_SIZE_MARKERS ? -1 : size;
            part = Part.DATA;
            reachedData = true;
        } else {
            toSkip = size + (size & 1); // chunks are padded to an even size
            part = toSkip == 0 ? Part.CHUNK_HEADER : Part.SKIP;
        }
    }

    private static AudioFormat parseFormat(byte[] fmt, DecodeLimits limits) throws UndecodableAudioException {
        int tag = uint16(fmt, 0);
        int channels = uint16(fmt, 2);
        long sampleRate = uint32(fmt, 4);
        int bits = uint16(fmt, 14);
        if (tag == FORMAT_EXTENSIBLE && fmt.length >= 26) {
            tag = uint16(fmt, 24); // first two bytes of the SubFormat GUID
        }
        limits.checkFormat("the WAV header", sampleRate, channels);
        SampleFormat sampleFormat = switch (tag) {
            case FORMAT_PCM -> switch (bits) {
                case 8 -> SampleFormat.U8;
                case 16 -> SampleFormat.S16LE;
                case 24 -> SampleFormat.S24LE;
                case 32 -> SampleFormat.S32LE;
                default -> throw new UndecodableAudioException("WAV PCM with " + bits + " bits per sample is not supported");
            };
            case FORMAT_FLOAT -> switch (bits) {
                case 32 -> SampleFormat.F32LE;
                case 64 -> SampleFormat.F64LE;
                default -> throw new UndecodableAudioException("WAV float with " + bits + " bits per sample is not supported");
            };
            case FORMAT_MULAW -> SampleFormat.MULAW;
            case FORMAT_ALAW -> SampleFormat.ALAW;
            default -> throw new UndecodableAudioException(String.format(
                    "WAV with codec tag 0x%04x is not supported; send PCM, float, mu-law or A-law WAV", tag));
        };
        return new AudioFormat(sampleFormat, (int) sampleRate, channels);
    }

    private void count(long bytes) throws UndecodableAudioException {
        headerBytes += bytes;
        if (headerBytes > limits.maxHeaderBytes()) {
            throw new UndecodableAudioException("WAV header has no data chunk within the first "
                    + limits.maxHeaderBytes() + " bytes");
        }
    }

    @Override
    public Optional<String> incompleteInput() {
        return reachedData ? Optional.empty()
                : Optional.of("the WAV header ended after " + headerBytes + " bytes, before its data chunk");
    }

    private static int uint16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static long uint32(byte[] b, int i) {
        return (b[i] & 0xFFL) | ((b[i + 1] & 0xFFL) << 8) | ((b[i + 2] & 0xFFL) << 16) | ((b[i + 3] & 0xFFL) << 24);
    }
}
