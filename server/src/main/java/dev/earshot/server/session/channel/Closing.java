package dev.earshot.server.session.channel;

/** What a final says of its span: whether the speech ended there, whether a Finalize asked for it. */
record Closing(boolean speechFinal, boolean fromFinalize) {
    static final Closing MID_SPEECH = new Closing(false, false);
    static final Closing END_OF_SPEECH = new Closing(true, false);

    static Closing endOfSpeech(boolean ended) {
        return ended ? END_OF_SPEECH : MID_SPEECH;
    }

    Closing askedByFinalize() {
        return new Closing(speechFinal, true);
    }
}
