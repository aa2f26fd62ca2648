// The previous major, @deepgram/sdk 3.x (installed as "dg3"), still widely deployed.
//
// Base URL: `createClient(key, { global: { websocket: { options: { url: "ws://host:port" } } } })`
// (AbstractLiveClient takes `namespaceOptions.websocket.options.url` as its base URL; the listen
// namespace inherits `global`). The key is sent as header `Authorization: Token <key>` over the `ws`
// package -- unless a global `WebSocket` exists when the SDK loads (NATIVE_WEBSOCKET_AVAILABLE in
// AbstractLiveClient, true on Node 22+ and in browsers): then it uses `new WebSocket(url, ["token", key])`,
// i.e. subprotocol authentication. "v3" forces the `ws` path, "v3-native" the native one.
import { createRequire } from "node:module";
import { Session, wsBase } from "./lib.mjs";

const require = createRequire(import.meta.url);

export const version = require("dg3/package.json").version;

/** Loads dg3 with or without a global WebSocket visible, which decides its transport for good. */
async function load(native) {
    const hasNative = typeof globalThis.WebSocket !== "undefined";
    if (native && !hasNative) {
        throw new Error(`Node ${process.version} has no global WebSocket (needs --experimental-websocket or Node 22+)`);
    }
    if (!native && hasNative) {
        const descriptor = Object.getOwnPropertyDescriptor(globalThis, "WebSocket");
        delete globalThis.WebSocket;
        try {
            return await import("dg3");
        } finally {
            Object.defineProperty(globalThis, "WebSocket", descriptor);
        }
    }
    return import("dg3");
}

export async function adapter(native) {
    const module = await load(native);
    const createClient = module.createClient ?? module.default?.createClient;
    const Events = module.LiveTranscriptionEvents ?? module.default?.LiveTranscriptionEvents;
    return {
        label: native ? "v3-native" : "v3",
        version,
        // ws reports "Unexpected server response: 401"; a native WebSocket never exposes the status.
        exposesHttpStatus: !native,
        howConfigured(baseUrl) {
            return `createClient(apiKey, { global: { websocket: { options: { url: "${wsBase(baseUrl)}" } } } })`
                + (native ? " on the native WebSocket (subprotocol auth)" : " on the ws package (header auth)");
        },
        /** {@code reconnect} is ignored: 3.x never reconnects by itself. */
        async open({ baseUrl, apiKey, query }) {
            const client = createClient(apiKey, { global: { websocket: { options: { url: wsBase(baseUrl) } } } });
            const connection = client.listen.live(query);
            const session = new Session();
            connection.on(Events.Open, () => session.onOpen());
            for (const type of [Events.Transcript, Events.Metadata, Events.UtteranceEnd, Events.SpeechStarted,
                Events.Unhandled]) {
                connection.on(type, (message) => session.onMessage(message));
            }
            connection.on(Events.Close, (event) => session.onClose(event?.code, event?.reason));
            connection.on(Events.Error, (error) => session.onError(error));
            // send() must wait for Open: 3.x buffers sends made earlier in sendBuffer and never flushes it.
            session.sendAudio = (bytes) => connection.send(bytes);
            session.closeStream = () => connection.requestClose();
            session.abandon = () => connection.disconnect();
            // The negotiated subprotocol and extensions of the underlying socket (diagnostics only).
            session.transport = () => ({ protocol: connection.conn?.protocol, extensions: connection.conn?.extensions });
            return session;
        },
    };
}
