package dev.earshot.server.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code profanity_filter=true}: a profane word is written as asterisks, one per letter, as Deepgram
 * writes it ("****"). Deepgram does not publish its list. This one holds words whose common sense is
 * profane, and leaves out those more often meant innocently ("hell", "cock", "dick", "pussy").
 */
final class Profanity {
    private static final Set<String> PROFANE = Set.of(
            "fuck", "fucks", "fucked", "fucker", "fuckers", "fucking", "fuckin", "fuckup", "fuckups",
            "motherfucker", "motherfuckers", "motherfucking",
            "shit", "shits", "shitty", "shitting", "shithead", "shitheads", "bullshit", "horseshit",
            "bitch", "bitches", "bitching", "bitchy",
            "cunt", "cunts", "twat", "twats",
            "ass", "asses", "asshole", "assholes", "jackass", "dumbass",
            "damn", "damned", "dammit", "goddamn", "goddamned", "goddammit",
            "bastard", "bastards", "whore", "whores", "slut", "sluts",
            "wanker", "wankers", "prick", "pricks", "piss", "pissed", "pissing");

    private Profanity() {
    }

    /** The words with every profane one masked; the same list when there is none. */
    static List<RecognizedWord> mask(List<RecognizedWord> words) {
        if (words.stream().noneMatch(Profanity::isProfane)) {
            return words;
        }
        List<RecognizedWord> out = new ArrayList<>(words.size());
        for (RecognizedWord word : words) {
            out.add(isProfane(word) ? word.withText("*".repeat(word.text().length())) : word);
        }
        return out;
    }

    private static boolean isProfane(RecognizedWord word) {
        return PROFANE.contains(word.text().toLowerCase(Locale.ROOT));
    }
}
