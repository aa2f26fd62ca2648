package dev.earshot.server.transcript;

import dev.earshot.protocol.PrerecordedResponse.ChannelResult;
import dev.earshot.protocol.PrerecordedResponse.Paragraph;
import dev.earshot.protocol.PrerecordedResponse.Paragraphs;
import dev.earshot.protocol.PrerecordedResponse.Sentence;
import dev.earshot.protocol.PrerecordedResponse.Utterance;
import dev.earshot.protocol.ServerMessage.Alternative;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A whole file's final Results turned into the pre-recorded answer's {@code results} (live-api.md §7): one
 * transcript per channel, and on request {@code utterances} (words split at pauses of {@code utt_split}
 * seconds) and {@code paragraphs} (sentences as endpointing ended them, grouped at longer pauses).
 */
public final class FileDocument {
    /** Deepgram's default {@code utt_split}: a pause this long ends an utterance. */
    public static final double DEFAULT_UTTERANCE_SPLIT_SECONDS = 0.8;
    /** A pause between sentences this long starts a new paragraph. */
    static final double PARAGRAPH_PAUSE_SECONDS = 1.5;

    private FileDocument() {
    }

    /** One channel's transcript, with its paragraphs when asked and where the search terms occur in it. */
    public static ChannelResult channel(List<ResultsMessage> finals, boolean withParagraphs, SearchTerms searchTerms) {
        List<Word> words = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (ResultsMessage result : finals) {
            words.addAll(result.alternative().words());
            TextFormatter.join(text, result.alternative().transcript());
        }
        Alternative alternative = words.isEmpty() ? Alternative.EMPTY
                : new Alternative(text.toString(), meanConfidence(words), words);
        return new ChannelResult(alternative, withParagraphs ? Optional.of(paragraphs(finals)) : Optional.empty(),
                searchTerms.find(words));
    }

    /** Every channel's words split into utterances at pauses of {@code splitSeconds}, in time order. */
    public static List<Utterance> utterances(List<List<ResultsMessage>> channels, double splitSeconds) {
        List<Utterance> utterances = new ArrayList<>();
        for (int channel = 0; channel < channels.size(); channel++) {
            List<Word> current = new ArrayList<>();
            for (ResultsMessage result : channels.get(channel)) {
                for (Word word : result.alternative().words()) {
                    if (!current.isEmpty() && word.start() - current.get(current.size() - 1).end() >= splitSeconds) {
                        utterances.add(utterance(channel, current));
                        current = new ArrayList<>();
                    }
                    current.add(word);
                }
            }
            if (!current.isEmpty()) {
                utterances.add(utterance(channel, current));
            }
        }
        utterances.sort((a, b) -> Double.compare(a.start(), b.start()));
        return utterances;
    }

    private static Utterance utterance(int channel, List<Word> words) {
        return new Utterance(words.get(0).start(), words.get(words.size() - 1).end(), meanConfidence(words), channel,
                text(words), words, UUID.randomUUID().toString());
    }

    /** Sentences end where endpointing ended speech (speech_final); paragraphs break at longer pauses. */
    private static Paragraphs paragraphs(List<ResultsMessage> finals) {
        List<List<Word>> sentences = new ArrayList<>();
        List<Word> sentence = new ArrayList<>();
        for (ResultsMessage result : finals) {
            sentence.addAll(result.alternative().words());
            if (result.speechFinal() && !sentence.isEmpty()) {
                sentences.add(sentence);
                sentence = new ArrayList<>();
            }
        }
        if (!sentence.isEmpty()) {
            sentences.add(sentence);
        }
        List<Paragraph> paragraphs = new ArrayList<>();
        List<List<Word>> paragraph = new ArrayList<>();
        for (List<Word> next : sentences) {
            if (!paragraph.isEmpty() && next.get(0).start() - last(paragraph).end() >= PARAGRAPH_PAUSE_SECONDS) {
                paragraphs.add(paragraph(paragraph));
                paragraph = new ArrayList<>();
            }
            paragraph.add(next);
        }
        if (!paragraph.isEmpty()) {
            paragraphs.add(paragraph(paragraph));
        }
        StringBuilder transcript = new StringBuilder();
        for (Paragraph p : paragraphs) {
            StringBuilder text = new StringBuilder();
            for (Sentence s : p.sentences()) {
                TextFormatter.join(text, s.text());
            }
            transcript.append('\n').append(text).append('\n');
        }
        return new Paragraphs(transcript.toString(), paragraphs);
    }

    private static Paragraph paragraph(List<List<Word>> sentences) {
        List<Sentence> out = new ArrayList<>();
        int words = 0;
        for (List<Word> sentence : sentences) {
            out.add(new Sentence(text(sentence), sentence.get(0).start(), sentence.get(sentence.size() - 1).end()));
            words += sentence.size();
        }
        return new Paragraph(out, words, out.get(0).start(), out.get(out.size() - 1).end());
    }

    private static Word last(List<List<Word>> sentences) {
        List<Word> sentence = sentences.get(sentences.size() - 1);
        return sentence.get(sentence.size() - 1);
    }

    private static String text(List<Word> words) {
        return TextFormatter.transcript(words);
    }

    private static double meanConfidence(List<Word> words) {
        return words.stream().mapToDouble(Word::confidence).average().orElse(0);
    }
}
