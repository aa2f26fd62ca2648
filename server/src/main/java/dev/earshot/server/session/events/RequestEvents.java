package dev.earshot.server.session.events;

import java.time.Duration;

/**
 * What those who watch the server (metrics, the request log) hear of its requests. Calls come from the
 * threads doing the work, so an implementation must be cheap and must neither block nor throw.
 */
public interface RequestEvents {
    /** Hears nothing. */
    RequestEvents NONE = new RequestEvents() {
    };

    /** A stream was upgraded and is now open. */
    default void streamOpened(String requestId) {
    }

    /** A request ended: a stream closed, a file answered, or any request refused. Once per request. */
    default void ended(RequestRecord record) {
    }

    /** A Results message of a stream went out this far behind the audio it covers (live-api.md §6). */
    default void resultLag(Duration behindAudio) {
    }

    /** A stream's first word went out this long after its first audio arrived. */
    default void firstWord(Duration sinceFirstAudio) {
    }

    /** Both of these hear every event, {@code first} first. */
    static RequestEvents both(RequestEvents first, RequestEvents second) {
        return new RequestEvents() {
            @Override
            public void streamOpened(String requestId) {
                first.streamOpened(requestId);
                second.streamOpened(requestId);
            }

            @Override
            public void ended(RequestRecord record) {
                first.ended(record);
                second.ended(record);
            }

            @Override
            public void resultLag(Duration behindAudio) {
                first.resultLag(behindAudio);
                second.resultLag(behindAudio);
            }

            @Override
            public void firstWord(Duration sinceFirstAudio) {
                first.firstWord(sinceFirstAudio);
                second.firstWord(sinceFirstAudio);
            }
        };
    }
}
