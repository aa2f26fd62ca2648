package dev.earshot.server.hostile;

import static dev.earshot.server.hostile.CraftedAudio.crafted;

import dev.earshot.server.hostile.CraftedAudio.Crafted;
import dev.earshot.server.hostile.RiffChunks.Chunk;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * WAV and RF64 that lie, built from speech-a.wav (16 kHz mono 16-bit PCM): its fmt chunk patched, a chunk size that
 * swallows the rest, a header cut short, an RF64 whose ds64 claims 2^63−1 bytes of data.
 */
final class CraftedWav {
    static final long JUNK_SIZE = 0xFFFF_FFFEL;
    static final int TRUNCATED_LENGTH = 30;
    static final int RF64_PCM_BYTES = 100 * 1024;
    static final int FMT_SIZE = Integer.MAX_VALUE;

    private CraftedWav() {
    }

    static List<Crafted> all() {
        return List.of(junkBeforeData(), truncatedHeader(),
                fmtPatched("wav-fmt-65535-channels", RiffChunks.CHANNELS, 2, 0xFFFF, "channels is 65535"),
                fmtPatched("wav-fmt-rate-ffffffff", RiffChunks.RATE, 4, 0xFFFF_FFFF, "sample rate is 0xFFFFFFFF"),
                blockAlignAndBitsZero(), rf64(), fmtSize());
    }

    /** RIFF, the real fmt chunk, a 'junk' chunk claiming 0xFFFFFFFE bytes with none, then the real data chunk. */
    static Crafted junkBeforeData() {
        byte[] speech = CraftedAudio.speechWav();
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunks.writeBytes(RiffChunks.whole(speech, RiffChunks.find(speech, "fmt ")));
        int junk = 12 + chunks.size();
        chunks.writeBytes(chunkHeader("junk", JUNK_SIZE));
        chunks.writeBytes(RiffChunks.whole(speech, RiffChunks.find(speech, "data")));
        return crafted("wav-junk-fffffffe-before-data", riff("RIFF", chunks.toByteArray()), "A 'junk' chunk at byte "
                + junk + " claims 0xFFFFFFFE bytes, swallowing the data chunk of real speech right after it.");
    }

    static Crafted truncatedHeader() {
        byte[] wav = Arrays.copyOf(CraftedAudio.speechWav(), TRUNCATED_LENGTH);
        return crafted("wav-30-bytes", wav, "The file is the first 30 bytes of a canonical WAV header: it ends inside"
                + " the fmt chunk's byte rate, with no data chunk.");
    }

    /** speech-a.wav with {@code length} bytes at {@code field} of its fmt data set to {@code value}. */
    static Crafted fmtPatched(String name, int field, int length, int value, String what) {
        byte[] wav = CraftedAudio.speechWav();
        int at = RiffChunks.find(wav, "fmt ").dataOffset() + field;
        ByteBuffer buffer = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (length == 2) {
            buffer.putShort(at, (short) value);
        } else {
            buffer.putInt(at, value);
        }
        return crafted(name, wav, "The fmt chunk's " + what + " (byte " + at + "); the data chunk is real speech.");
    }

    static Crafted blockAlignAndBitsZero() {
        byte[] wav = CraftedAudio.speechWav();
        int fmt = RiffChunks.find(wav, "fmt ").dataOffset();
        ByteBuffer buffer = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(fmt + RiffChunks.BLOCK_ALIGN, (short) 0).putShort(fmt + RiffChunks.BITS, (short) 0);
        return crafted("wav-fmt-block-align-0-bits-0", wav, "The fmt chunk's block align (byte "
                + (fmt + RiffChunks.BLOCK_ALIGN) + ") and bits per sample (byte " + (fmt + RiffChunks.BITS)
                + ") are 0; the data chunk is real speech.");
    }

    /** RF64: ds64 (RIFF size, data size 2^63 − 1, sample count, no table), the real fmt, data sized 0xFFFFFFFF. */
    static Crafted rf64() {
        byte[] speech = CraftedAudio.speechWav();
        byte[] fmt = RiffChunks.whole(speech, RiffChunks.find(speech, "fmt "));
        byte[] pcm = Arrays.copyOf(RiffChunks.data(speech, RiffChunks.find(speech, "data")), RF64_PCM_BYTES);
        int length = 12 + 8 + 28 + fmt.length + 8 + pcm.length;
        ByteBuffer ds64 = ByteBuffer.allocate(8 + 28).order(ByteOrder.LITTLE_ENDIAN).put(chunkHeader("ds64", 28));
        ds64.putLong(length - 8).putLong(Long.MAX_VALUE).putLong(Long.MAX_VALUE / 2).putInt(0);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunks.writeBytes(ds64.array());
        chunks.writeBytes(fmt);
        chunks.writeBytes(chunkHeader("data", 0xFFFF_FFFFL));
        chunks.writeBytes(pcm);
        return crafted("rf64-ds64-data-2pow63", riff("RF64", chunks.toByteArray()), "The ds64 chunk's data size"
                + " (byte 28) is 2^63-1 (sample count (2^63-1)/2) while the data chunk holds " + RF64_PCM_BYTES
                + " bytes of real speech.");
    }

    static Crafted fmtSize() {
        byte[] wav = CraftedAudio.speechWav();
        Chunk fmt = RiffChunks.find(wav, "fmt ");
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(fmt.offset() + 4, FMT_SIZE);
        return crafted("wav-fmt-size-7fffffff", wav, "The fmt chunk's size (byte " + (fmt.offset() + 4)
                + ") claims 0x7FFFFFFF bytes, hiding the data chunk of real speech inside it.");
    }

    /** "RIFF" or "RF64", the size of the rest (0xFFFFFFFF for RF64), "WAVE", then {@code chunks}. */
    private static byte[] riff(String form, byte[] chunks) {
        ByteBuffer riff = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
        riff.put(form.getBytes(StandardCharsets.US_ASCII));
        riff.putInt(form.equals("RF64") ? -1 : 4 + chunks.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        return riff.put(chunks).array();
    }

    private static byte[] chunkHeader(String id, long size) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put(id.getBytes(StandardCharsets.US_ASCII))
                .putInt((int) size).array();
    }
}
