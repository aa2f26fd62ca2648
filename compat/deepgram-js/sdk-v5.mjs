// The current SDK, @deepgram/sdk 5.x (installed as "dg5"). Node path: the `ws` package, header
// `Authorization: Token <key>` added by the SDK's auth provider, inside its ReconnectingWebSocket.
//
// Base URL: `new DeepgramClient({ apiKey, baseUrl })`. The listen socket URL is
// `core.url.join(baseUrl ?? environment.production, "/v1/listen")` (CustomClient.js,
// createWebSocketConnection), so `baseUrl: "ws://host:port"` is the only change an application makes.
import { createRequire } from "node:module";
import { DeepgramClient } from "dg5";
import { Session, wsBase } from "./lib.mjs";

const require = createRequire(import.meta.url);

export const version = require("dg5/package.json").version;

export async function adapter() {
    return {
        label: "v5",
        version,
        exposesHttpStatus: true,
        howConfigured(baseUrl, form = "ws") {
            return `new DeepgramClient({ apiKey, baseUrl: "${form === "ws" ? wsBase(baseUrl) : baseUrl}" })`;
        },
        open,
    };
}

/**
 * Opens a listen.v1 socket the way the README shows: connect(args), register handlers, socket.connect().
 * {@code reconnect:false} passes the documented `shouldReconnect: () => false`, so a server close other
 * than 1000 is reported once instead of starting the SDK's reconnect loop.
 */
async function open({ baseUrl, apiKey, query, reconnect = true, form = "ws" }) {
    const client = new DeepgramClient({ apiKey, baseUrl: form === "ws" ? wsBase(baseUrl) : baseUrl });
    const args = { ...query };
    if (!reconnect) {
        args.shouldReconnect = () => false;
    }
    const socket = await client.listen.v1.connect(args);
    const session = new Session();
    socket.on("open", () => session.onOpen());
    socket.on("message", (message) => session.onMessage(message));
    socket.on("close", (event) => session.onClose(event?.code, event?.reason));
    socket.on("error", (error) => session.onError(error));
    socket.connect();
    session.sendAudio = (bytes) => socket.sendMedia(bytes);
    session.closeStream = () => socket.sendCloseStream({ type: "CloseStream" });
    // The negotiated subprotocol and extensions of the underlying ws socket (diagnostics only).
    session.transport = () => ({ protocol: socket.socket?.protocol, extensions: socket.socket?.extensions });
    session.abandon = () => {
        try {
            socket.close();
        } catch {
            // already closed
        }
    };
    return session;
}
