package dev.earshot.server.transport;

/** A request check failed; carries the answer to give. */
final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    RefusedException(Refusal refusal) {
        super(refusal.message(), null, false, false);
        this.refusal = refusal;
    }

    Refusal refusal() {
        return refusal;
    }
}
