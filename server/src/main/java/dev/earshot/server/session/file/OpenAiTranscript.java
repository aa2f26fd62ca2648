package dev.earshot.server.session.file;

import dev.earshot.protocol.PrerecordedResponse;
import dev.earshot.protocol.PrerecordedResponse.ChannelResult;
import dev.earshot.protocol.PrerecordedResponse.Paragraphs;
import dev.earshot.protocol.PrerecordedResponse.Sentence;
import dev.earshot.protocol.ServerMessage.Word;
import dev.earshot.protocol.openai.VerboseTranscription;
import dev.earshot.protocol.openai.VerboseTranscription.Segment;
import dev.earshot.protocol.openai.VerboseTranscription.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.Deflater;

/**
 * A file's answer ({@link FileAnswer}, asked with paragraphs) as OpenAI's verbose transcription
 * (openai-api.md §2): the text is the channel's transcript, each sentence (speech as endpointing ended it) a
 * segment, and the words the channel's words (one channel: this route never asks for multichannel). The same answer as {@code POST /v1/listen}'s, so both routes
 * transcribe alike.
 */
public final class OpenAiTranscript {
    /** Confidence of a word the engine is sure is wrong: keeps the log of it finite. */
    private static final double MIN_CONFIDENCE = 1e-6;

    private OpenAiTranscript() {
    }

    /** @param languageTag the language transcribed, as the request's options name it ("en", "en-US") */
    public static VerboseTranscription of(PrerecordedResponse answer, String languageTag) {
        String text = answer.channels().stream().map(channel -> channel.alternative().transcript())
                .filter(transcript -> !transcript.isEmpty()).collect(Collectors.joining(" "));
        List<Segment> segments = new ArrayList<>();
        for (ChannelResult channel : answer.channels()) {
            List<Sentence> sentences = channel.paragraphs().map(Paragraphs::paragraphs).orElse(List.of()).stream()
                    .flatMap(paragraph -> paragraph.sentences().stream()).toList();
            for (Sentence sentence : sentences) {
                segments.add(segment(segments.size(), sentence, channel.alternative().words()));
            }
        }
        List<VerboseTranscription.Word> words = answer.channels().stream()
                .flatMap(channel -> channel.alternative().words().stream())
                .map(word -> new VerboseTranscription.Word(word.word(), word.start(), word.end())).toList();
        double duration = answer.metadata().duration();
        return new VerboseTranscription(VerboseTranscription.TASK, languageName(languageTag), duration, text,
                segments, words, Usage.of(duration));
    }

    private static Segment segment(int id, Sentence sentence, List<Word> channelWords) {
        List<Word> words = channelWords.stream()
                .filter(word -> word.start() >= sentence.start() && word.end() <= sentence.end()).toList();
        return new Segment(id, Math.round(sentence.start() * 100), sentence.start(), sentence.end(),
                sentence.text(), List.of(), 0, averageLogProbability(words), compressionRatio(sentence.text()), 0);
    }

    /** Whisper's English name of a language, lower case: "en-US" is "english". */
    static String languageName(String languageTag) {
        String name = Locale.forLanguageTag(languageTag).getDisplayLanguage(Locale.ENGLISH);
        return name.isEmpty() ? languageTag : name.toLowerCase(Locale.ROOT);
    }

    /** The mean natural log of the engine's word confidences: Whisper's avg_logprob, from what this engine has. */
    static double averageLogProbability(List<Word> words) {
        double sum = 0;
        for (Word word : words) {
            sum += Math.log(Math.max(MIN_CONFIDENCE, word.confidence()));
        }
        return words.isEmpty() ? 0 : Math.round(sum / words.size() * 10_000) / 10_000.0;
    }

    /** Whisper's measure of repetition: UTF-8 bytes over their zlib-compressed bytes (level 6, as Python's zlib). */
    static double compressionRatio(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (raw.length == 0) {
            return 0;
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            byte[] out = new byte[raw.length + 64];
            int compressed = 0;
            while (!deflater.finished()) {
                compressed += deflater.deflate(out);
            }
            return Math.round((double) raw.length / compressed * 10_000) / 10_000.0;
        } finally {
            deflater.end();
        }
    }
}
