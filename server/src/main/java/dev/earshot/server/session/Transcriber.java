package dev.earshot.server.session;

import dev.earshot.protocol.ClientMessage.Configure;
import dev.earshot.protocol.Formatting;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.protocol.ServerMessage.Warning;
import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.DecodeBudget;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.Resampler;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.codec.AudioDecoders;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.session.channel.ChannelTranscriber;
import dev.earshot.server.session.features.Reconfiguration;
import dev.earshot.server.transcript.SearchTerms;
import dev.earshot.server.transcript.TranscriptAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A stream's pipeline, read top to bottom: bytes → {@link AudioDecoder} → channels mixed down or kept
 * apart ({@code multichannel}) → {@link Resampler} to the engine's rate → one {@link ChannelTranscriber}
 * per transcribed channel → Results. Recognisers are opened when the first audio is decoded and freed
 * by {@link #close()}.
 *
 * <p>Decoding comes a block at a time: {@link #onAudio} and {@link #finish} return whether decoded audio
 * still waits, and {@link #decodeMore} takes the next block, so a few bytes that decode to an hour of audio
 * are transcribed in steps. What decoding and resampling cost is charged to the stream's {@link DecodeBudget}.
 *
 * <p>Decode lane only, except the gauges read for Metadata.
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
    private final DecodeBudget budget;
    private final List<ChannelTranscriber> channels = new ArrayList<>();
    private final List<Resampler> resamplers = new ArrayList<>();
    private final List<TranscriptAssembler> assemblers = new ArrayList<>();
    /** The text options of Results from now on: the query's until a Configure changes them. */
    private Formatting formatting;
    private final boolean takesPackets;
    private boolean closed;

    /** Bytes per second of the incoming audio: known for raw audio, assumed 16 kHz linear16 until a header says. */
    private volatile long inputBytesPerSecond;
    /** Frames (samples per channel) decoded so far, and at what rate: Metadata's duration. */
    private volatile long framesDecoded;
    private volatile int inputRateHz;
    private volatile int inputChannels;
    /** Bytes received, for the Metadata warning of a stream that decoded to no audio. */
    private long bytesReceived;
    /** Set at the end of a stream that received bytes but decoded no audio. */
    private volatile Warning noAudio;

    Transcriber(SessionContext context, Engine engine, AudioDecoders decoders, Consumer<ServerMessage> emit,
                Runnable progressed) throws UndecodableAudioException {
        this.context = context;
        this.engine = engine;
        this.emit = emit;
        this.progressed = progressed;
        this.decoder = decoders.forStream(context.options());
        this.budget = new DecodeBudget(decoders.limits());
        this.takesPackets = decoder.takesPackets();
        this.formatting = context.options().formatting();
        this.inputBytesPerSecond = decoder.format().map(AudioFormat::bytesPerSecond).orElse(ASSUMED_BYTES_PER_SECOND);
    }

    /**
     * Decodes and transcribes the next bytes of audio, up to a block of it.
     *
     * @return whether more decoded audio waits: take it with {@link #decodeMore()} before the next call
     */
    boolean onAudio(byte[] bytes, int offset, int length) throws UndecodableAudioException, EngineException {
        bytesReceived += length;
        budget.received(length);
        Metered metered = new Metered();
        transcribe(decoder.decode(bytes, offset, length), metered);
        return decoder.hasMore();
    }

    /** The next block of decoded audio; @return whether still more waits */
    boolean decodeMore() throws UndecodableAudioException, EngineException {
        Metered metered = new Metered();
        transcribe(decoder.more(), metered);
        return decoder.hasMore();
    }

    /** CPU clocks read when a decoding step started, to charge what it cost apart from the engine's work. */
    private final class Metered {
        private final long laneCpuAtStart = DecodeBudget.currentThreadCpuNanos();
        private final long decoderCpuAtStart = decoder.ownThreadCpuNanos();
        private long engineCpuNanos;

        void charge(long frames, int rateHz) throws UndecodableAudioException {
            long lane = DecodeBudget.currentThreadCpuNanos() - laneCpuAtStart - engineCpuNanos;
            budget.charge(lane + decoder.ownThreadCpuNanos() - decoderCpuAtStart, frames, rateHz);
        }
    }

    private void transcribe(PcmBlock block, Metered metered) throws UndecodableAudioException, EngineException {
        if (block.frames() == 0) {
            metered.charge(0, inputRateHz);
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
            List<float[]> resampled = resample(part);
            long engineStart = DecodeBudget.currentThreadCpuNanos();
            for (int c = 0; c < resampled.size(); c++) {
                channels.get(c).accept(resampled.get(c), resampled.get(c).length);
            }
            metered.engineCpuNanos += DecodeBudget.currentThreadCpuNanos() - engineStart;
            progressed.run();
        }
        metered.charge(block.frames(), inputRateHz);
    }

    /** Each transcribed channel of the part at the engine's rate: mixed down, or kept apart with multichannel. */
    private List<float[]> resample(PcmBlock part) {
        List<float[]> resampled = new ArrayList<>(channels.size());
        if (context.options().multichannel()) {
            for (int c = 0; c < channels.size(); c++) {
                resampled.add(resamplers.get(c).process(part.channels()[c], part.frames()));
            }
        } else {
            resampled.add(resamplers.get(0).process(part.mixdown(), part.frames()));
        }
        return resampled;
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
            assembler.formatWith(formatting);
            assemblers.add(assembler);
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
                channels.get(c).finalizeOnRequest();
            }
        }
    }

    /**
     * {@code Configure}: its one reply, after which every Results of every channel is formatted as it says
     * (a final of words heard before the Configure too), or a failure that changes nothing.
     */
    void configure(Configure configure) {
        Reconfiguration change = Reconfiguration.of(configure, formatting, context.requestId());
        formatting = change.formatting();
        assemblers.forEach(assembler -> assembler.formatWith(change.formatting()));
        emit.accept(change.reply());
    }

    /**
     * End of the stream: what the decoder still holds, a block at a time.
     *
     * @return whether more decoded audio waits ({@link #decodeMore()}); after the last of it, {@link #endChannels()}
     */
    boolean finish() throws UndecodableAudioException, EngineException {
        transcribe(decoder.finish(), new Metered());
        return decoder.hasMore();
    }

    /** After the decoder's last audio: the resamplers' tails, then final Results for every channel. */
    void endChannels() throws EngineException {
        if (bytesReceived > 0 && channels.isEmpty()) {
            String why = decoder.incompleteInput().map(reason -> ": " + reason).orElse("");
            noAudio = new Warning("encoding", Warning.NO_AUDIO, "the " + bytesReceived
                    + " bytes received decoded to no audio" + why);
        }
        for (int c = 0; c < channels.size(); c++) {
            float[] tail = resamplers.get(c).flush();
            channels.get(c).accept(tail, tail.length);
            channels.get(c).endOfAudio();
        }
    }

    /** Whether each binary message must reach the decoder as it came (one codec packet each). Any thread. */
    boolean takesPackets() {
        return takesPackets;
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

    /** The container recognised in the stream's bytes; empty for raw audio or before it is known. */
    Optional<String> container() {
        return decoder.container();
    }

    /** Channels of the decoded audio; 0 before any audio was decoded. */
    int decodedChannels() {
        return inputChannels;
    }

    /** For Metadata: a stream that ended having received bytes but decoded no audio says so, and why if known. */
    Optional<Warning> noAudioWarning() {
        return Optional.ofNullable(noAudio);
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
