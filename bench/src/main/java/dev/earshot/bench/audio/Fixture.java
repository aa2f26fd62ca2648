package dev.earshot.bench.audio;

import java.util.List;

/**
 * A speech recording with its reference text, one sentence per line of its .txt, as fixtures/speech/make.sh
 * made them: one utterance per line, joined.
 *
 * @param pcm        16-bit mono little-endian samples
 * @param utterances where speech is, found by {@link SpeechActivity}
 * @param sentences  the reference text, one line per sentence
 */
public record Fixture(String name, int sampleRateHz, byte[] pcm, List<Utterance> utterances, List<String> sentences) {
    public Fixture {
        utterances = List.copyOf(utterances);
        sentences = List.copyOf(sentences);
    }

    public static Fixture of(String name, byte[] wav, String text) {
        WavFile file = WavFile.parse(wav, name);
        List<String> sentences = text.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
        return new Fixture(name, file.sampleRateHz(), file.pcm(), SpeechActivity.utterances(file.pcm(),
                file.sampleRateHz()), sentences);
    }

    public double seconds() {
        return pcm.length / 2.0 / sampleRateHz;
    }

    /**
     * Whether each utterance is one line of the text, so the recording can be cut between sentences with a
     * known reference. When the energy split disagrees with the text, the recording is only played whole.
     */
    public boolean aligned() {
        return !utterances.isEmpty() && utterances.size() == sentences.size();
    }

    /** How many pieces the recording can be cut into: its sentences when aligned, else one. */
    public int pieces() {
        return aligned() ? utterances.size() : 1;
    }

    /** Where the first {@code count} pieces end, in bytes: at the next sentence's onset, pause included. */
    public int cutBytes(int count) {
        if (count >= pieces()) {
            return pcm.length;
        }
        return (int) Math.round(utterances.get(count).startSec() * sampleRateHz) * 2;
    }

    /** The reference text of the first {@code count} pieces. */
    public String text(int count) {
        return count >= pieces() ? String.join(" ", sentences) : String.join(" ", sentences.subList(0, count));
    }

    /** Speech onsets within the first {@code count} pieces, in seconds. */
    public List<Double> onsets(int count) {
        double cutSec = cutBytes(count) / 2.0 / sampleRateHz;
        return utterances.stream().map(Utterance::startSec).filter(start -> start < cutSec).toList();
    }
}
