package dev.earshot.server.session;

import dev.earshot.server.audio.codec.AudioDecoders;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.session.timers.Timers;

/** What every session shares, built once by the server: the engine, the audio decoders, the clock. */
public record SessionServices(Engine engine, AudioDecoders decoders, Timers timers) {
}
