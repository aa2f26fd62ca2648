package dev.earshot.server.session;

import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.Resampler;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.codec.AudioDecoders;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.transcript.SearchTerms;
import dev.earshot.server.transcript.TranscriptAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A stream's pipeline, read top to bottom: bytes → {@link AudioDecoder} → channels mixed down or kept
 * apart ({@code multichannel}) → {@link Resampler} to the engine's rate → one {@link ChannelTranscriber}
 * per transcribed channel → Results. Recognisers are opened when the first audio is decoded and freed
 * by {@link #close()}.
 *
 * <p>Decode lane only, except the two gauges read for Metadata.
 */
final class Transcriber implements AutoCloseable {
    /** 16 kHz mono linear16, the most common container content, until the container says otherwise. */
    private static final long ASSUMED_BYTES_PER_SECOND = 32_000;

    private final SessionContext context;
    private final Engine engine;
    private final Consumer<ServerMessage> emit;
    /** Tells the lane this stream's work is moving (NET-0000 is for an engine that is stuck, not busy). */
    private final Runnable progressed;
    private final AudioDecoder decoder;
    private final List<ChannelTranscriber> channels = new ArrayList<>();
    private final List<Resampler> resamplers = new ArrayList<>();
    private boolean closed;

    /** Bytes per second of the incoming audio: known for raw audio, assumed 16 kHz linear16 until a header says. */
    private volatile long inputBytesPerSecond;
    /** Frames (samples per channel) decoded so far, and at what rate: Metadata's duration. */
    private volatile long framesDecoded;
    private volatile int inputRateHz;
    private volatile int inputChannels;

    Transcriber(SessionContext context, Engine engine, AudioDecoders decoders, Consumer<ServerMessage> emit,
                Runnable progressed) throws UndecodableAudioException {
        this.context = context;
        this.engine = engine;
        this.emit = emit;
        this.progressed = progressed;
        this.decoder = decoders.forStream(context.options());
        this.inputBytesPerSecond = decoder.format().map(AudioFormat::bytesPerSecond).orElse(ASSUMED_BYTES_PER_SECOND);
    }

    /** Decodes and transcribes the next bytes of audio. */
    void onAudio(byte[] bytes, int offset, int length) throws UndecodableAudioException, EngineException {
        transcribe(decoder.decode(bytes, offset, length));
    }

    private void transcribe(PcmBlock block) throws UndecodableAudioException, EngineException {
        if (block.frames() == 0) {
            return;
        }
        if (channels.isEmpty()) {
            open(decoder.format().orElseThrow());
        }
        // A frame of compressed audio can hold a minute of it (32 KiB of 4.75 kbps AMR); transcribed in one
        // go it would keep the lane from reporting progress for longer than the engine timeout.
        int second = Math.max(1, inputRateHz);
        for (int from = 0; from < block.frames(); from += second) {
            PcmBlock part = block.slice(from, Math.min(second, block.frames() - from));
            framesDecoded += part.frames();
            if (context.options().multichannel()) {
                for (int c = 0; c < channels.size(); c++) {
                    transcribe(c, part.channels()[c], part.frames());
                }
            } else {
                transcribe(0, part.mixdown(), part.frames());
            }
            progressed.run();
        }
    }

    private void transcribe(int channel, float[] samples, int frames) throws EngineException {
        float[] resampled = resamplers.get(channel).process(samples, frames);
        channels.get(channel).accept(resampled, resampled.length);
    }

    private void open(AudioFormat format) throws EngineException, UndecodableAudioException {
        inputRateHz = format.sampleRateHz();
        inputBytesPerSecond = format.bytesPerSecond();
        inputChannels = format.channels();
        int transcribed = context.options().multichannel() ? format.channels() : 1;
        if (transcribed > context.settings().maxChannels()) {
            throw new UndecodableAudioException("the audio has " + transcribed + " channels; this server transcribes at most "
                    + context.settings().maxChannels() + " per stream");
        }
        for (int c = 0; c < transcribed; c++) {
            TranscriptAssembler assembler = new TranscriptAssembler(c, transcribed, context.resultsMetadata(),
                    context.options(), SearchTerms.parse(context.options().values("search")));
            channels.add(new ChannelTranscriber(c, transcribed, engine.openStream(), assembler, emit,
                    context.options(), context.settings(), engine.sampleRateHz()));
            resamplers.add(new Resampler(format.sampleRateHz(), engine.sampleRateHz()));
        }
    }

    /** {@code Finalize}: final Results now for one channel or all, marked {@code from_finalize}. */
    void finalizeChannels(OptionalInt channel) throws EngineException {
        if (channel.isPresent() && !channels.isEmpty() && channel.getAsInt() >= channels.size()) {
            emit.accept(ErrorMessage.schemaError("Finalize channel " + channel.getAsInt()
                    + " does not exist: this stream transcribes " + channels.size() + " channel(s)",
                    "{\"type\":\"Finalize\",\"channel\":" + channel.getAsInt() + "}"));
            return;
        }
        for (int c = 0; c < channels.size(); c++) {
            if (channel.isEmpty() || channel.getAsInt() == c) {
                channels.get(c).flush(true);
            }
        }
    }

    /** End of the stream: the decoder's and the resamplers' tails, then final Results for every channel. */
    void finish() throws UndecodableAudioException, EngineException {
        transcribe(decoder.finish());
        for (int c = 0; c < channels.size(); c++) {
            float[] tail = resamplers.get(c).flush();
            channels.get(c).accept(tail, tail.length);
            channels.get(c).flush(false);
        }
    }

    /** The byte rate of the incoming audio, for sizing the session buffer. Any thread. */
    long inputBytesPerSecond() {
        return inputBytesPerSecond;
    }

    /** Seconds of audio decoded (per channel). */
    double decodedSeconds() {
        int rate = inputRateHz;
        return rate == 0 ? 0 : (double) framesDecoded / rate;
    }

    /** Channels of the decoded audio; 0 before any audio was decoded. */
    int decodedChannels() {
        return inputChannels;
    }

    /** Frees the decoder and the recognisers. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            decoder.close();
            channels.forEach(ChannelTranscriber::close);
        }
    }
}
