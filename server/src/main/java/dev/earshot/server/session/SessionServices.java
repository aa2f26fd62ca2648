package dev.earshot.server.session;

import dev.earshot.server.audio.codec.AudioDecoders;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.session.timers.Timers;

/**
 * What every session shares, built once by the server: the engine, the audio decoders, the clock, and those
 * who hear how requests end (metrics, the request log).
 */
public record SessionServices(Engine engine, AudioDecoders decoders, Timers timers, RequestEvents events) {
    public SessionServices(Engine engine, AudioDecoders decoders, Timers timers) {
        this(engine, decoders, timers, RequestEvents.NONE);
    }
}
