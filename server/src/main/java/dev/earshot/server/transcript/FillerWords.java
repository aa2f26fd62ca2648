package dev.earshot.server.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code filler_words}: Deepgram leaves the two commonest fillers, "uh" and "um", out of transcripts unless
 * the client asks for them; with {@code filler_words=true} they stay, spelled as Deepgram spells fillers
 * (the engine's "uhhuh" is written "uh-huh").
 */
final class FillerWords {
    private static final Set<String> LEFT_OUT = Set.of("uh", "um");

    private FillerWords() {
    }

    /** The words as the client asked for them; the same list when nothing changes. */
    static List<RecognizedWord> apply(List<RecognizedWord> words, boolean keep) {
        if (words.stream().noneMatch(w -> keep ? w.text().equals("uhhuh") : LEFT_OUT.contains(w.text()))) {
            return words;
        }
        List<RecognizedWord> out = new ArrayList<>(words.size());
        for (RecognizedWord word : words) {
            if (!keep && LEFT_OUT.contains(word.text())) {
                continue;
            }
            out.add(keep && word.text().equals("uhhuh") ? word.withText("uh-huh") : word);
        }
        return out;
    }
}
