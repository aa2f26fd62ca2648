// Shared pieces of the compatibility checks: argument parsing, the fixture, PASS/FAIL reporting,
// timeouts and the transcript comparison. Nothing here knows about a particular SDK version.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));

/** --name value pairs, with environment fallbacks. */
export function parseArgs(argv) {
    const flags = {};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("--")) {
            throw new Error(`unexpected argument ${arg}`);
        }
        const eq = arg.indexOf("=");
        if (eq > 0) {
            flags[arg.slice(2, eq)] = arg.slice(eq + 1);
        } else {
            flags[arg.slice(2)] = argv[++i];
        }
    }
    const env = process.env;
    const fixture = resolve(flags.fixture ?? env.EARSHOT_FIXTURE
        ?? join(HERE, "..", "..", "fixtures", "speech", "speech-a.wav"));
    const config = {
        baseUrl: (flags["base-url"] ?? env.EARSHOT_BASE_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, ""),
        apiKey: flags["api-key"] ?? env.EARSHOT_API_KEY ?? env.DEEPGRAM_API_KEY,
        fixture,
        reference: resolve(flags.reference ?? env.EARSHOT_REFERENCE ?? fixture.replace(/\.wav$/i, ".txt")),
        sdks: (flags.sdk ?? env.EARSHOT_SDKS ?? "v5,v3,v3-native").split(",").map((s) => s.trim()).filter(Boolean),
        timeoutSeconds: Number(flags.timeout ?? env.EARSHOT_COMPAT_TIMEOUT ?? 60),
        minOverlap: Number(flags["min-overlap"] ?? env.EARSHOT_MIN_OVERLAP ?? 0.6),
    };
    if (!config.apiKey) {
        throw new Error("no API key: pass --api-key KEY (or set EARSHOT_API_KEY)");
    }
    if (!/^https?:\/\//.test(config.baseUrl)) {
        throw new Error(`--base-url must be http://host:port, got ${config.baseUrl}`);
    }
    return config;
}

/** The http base URL as the ws:// one an application puts where wss://api.deepgram.com was. */
export function wsBase(httpBase) {
    return httpBase.replace(/^http/, "ws");
}

/** The fixture WAV: its bytes, its PCM payload (after the data chunk header) and its format. */
export function loadFixture(path, referencePath) {
    const wav = readFileSync(path);
    if (wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") {
        throw new Error(`${path} is not a RIFF/WAVE file`);
    }
    let offset = 12;
    let format = null;
    while (offset + 8 <= wav.length) {
        const id = wav.toString("ascii", offset, offset + 4);
        const size = wav.readUInt32LE(offset + 4);
        if (id === "fmt ") {
            format = {
                tag: wav.readUInt16LE(offset + 8),
                channels: wav.readUInt16LE(offset + 10),
                sampleRate: wav.readUInt32LE(offset + 12),
                bitsPerSample: wav.readUInt16LE(offset + 22),
            };
        } else if (id === "data") {
            if (!format || format.tag !== 1 || format.bitsPerSample !== 16) {
                throw new Error(`${path}: expected 16-bit PCM, got ${JSON.stringify(format)}`);
            }
            const pcm = wav.subarray(offset + 8, Math.min(wav.length, offset + 8 + size));
            const bytesPerSecond = format.sampleRate * format.channels * 2;
            return {
                wav,
                pcm,
                format,
                seconds: pcm.length / bytesPerSecond,
                chunkBytes: bytesPerSecond / 10, // 100 ms
                reference: readFileSync(referencePath, "utf8"),
            };
        }
        offset += 8 + size + (size % 2);
    }
    throw new Error(`${path}: no data chunk`);
}

/** Splits a buffer into pieces of at most {@code size} bytes (views, no copies). */
export function chunks(buffer, size) {
    const out = [];
    for (let i = 0; i < buffer.length; i += size) {
        out.push(buffer.subarray(i, Math.min(buffer.length, i + size)));
    }
    return out;
}

/** Deterministic bytes that are no audio container (xorshift32; starts with a non-magic byte). */
export function garbage(length) {
    const out = Buffer.alloc(length);
    let x = 0x2545f491;
    for (let i = 0; i < length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        out[i] = x & 0xff;
    }
    out.write("hello world", 0, "ascii");
    return out;
}

export function words(text) {
    return text.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").split(/\s+/).filter(Boolean);
}

/** The share of reference words (counted with multiplicity) that also appear in the transcript. */
export function overlap(reference, transcript) {
    const ref = words(reference);
    const available = new Map();
    for (const w of words(transcript)) {
        available.set(w, (available.get(w) ?? 0) + 1);
    }
    let hits = 0;
    for (const w of ref) {
        const n = available.get(w) ?? 0;
        if (n > 0) {
            hits++;
            available.set(w, n - 1);
        }
    }
    return { hits, total: ref.length, ratio: ref.length ? hits / ref.length : 0 };
}

export function deferred() {
    let resolveFn;
    let rejectFn;
    const promise = new Promise((res, rej) => {
        resolveFn = res;
        rejectFn = rej;
    });
    promise.catch(() => {}); // a rejection nobody waits for is not a crash
    let settled = false;
    return {
        promise,
        get settled() {
            return settled;
        },
        resolve(value) {
            if (!settled) {
                settled = true;
                resolveFn(value);
            }
        },
        reject(error) {
            if (!settled) {
                settled = true;
                rejectFn(error);
            }
        },
    };
}

export class TimeoutError extends Error {}

/** Resolves like {@code promise}, or rejects with a TimeoutError naming {@code what} after {@code ms}. */
export function within(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Lets the event loop run (incoming messages, socket writes) without any wall-clock pacing. */
export function yieldToEventLoop() {
    return new Promise((res) => setImmediate(res));
}

export function describeError(error) {
    if (error == null) {
        return String(error);
    }
    if (error instanceof Error) {
        return `${error.constructor.name}: ${error.message}`;
    }
    if (typeof error === "object") {
        const parts = [];
        if (error.type) parts.push(`type=${error.type}`);
        if (error.message) parts.push(`message=${JSON.stringify(error.message)}`);
        if (error.error && error.error !== error) parts.push(`error=${describeError(error.error)}`);
        if (error.code !== undefined) parts.push(`code=${error.code}`);
        if (error.reason) parts.push(`reason=${JSON.stringify(error.reason)}`);
        return parts.length ? `{${parts.join(", ")}}` : Object.prototype.toString.call(error);
    }
    return String(error);
}

/** Collects PASS/FAIL lines. Every check prints exactly one line starting with PASS, FAIL or SKIP. */
export class Report {
    constructor() {
        this.passed = 0;
        this.failed = 0;
        this.skipped = 0;
    }

    pass(sdk, id, text) {
        this.passed++;
        console.log(`PASS [${sdk}] ${id} ${text}`);
    }

    fail(sdk, id, text) {
        this.failed++;
        console.log(`FAIL [${sdk}] ${id} ${text}`);
    }

    skip(sdk, id, text) {
        this.skipped++;
        console.log(`SKIP [${sdk}] ${id} ${text}`);
    }

    check(sdk, id, ok, text) {
        (ok ? this.pass : this.fail).call(this, sdk, id, text);
        return ok;
    }

    info(sdk, text) {
        console.log(`INFO [${sdk}] ${text}`);
    }

    /** Runs {@code body}; an exception from it is a FAIL of check {@code id}. */
    async guard(sdk, id, title, body) {
        try {
            await body();
        } catch (error) {
            this.fail(sdk, id, `${title}: ${describeError(error)}`);
        }
    }
}

/**
 * What one SDK connection showed: the first open, the first close, errors and messages in order. The
 * adapters (sdk-v5.mjs, sdk-v3.mjs) feed it from the SDK's own events and add sendAudio, closeStream
 * and abandon, each a call of the SDK's own API.
 */
export class Session {
    constructor() {
        this.startedAt = Date.now();
        this.opened = deferred();
        this.closed = deferred();
        this.errorSeen = deferred();
        this.errors = [];
        this.messages = [];
        this.closeEvents = [];
    }

    get results() {
        return this.messages.filter((m) => m && m.type === "Results");
    }

    get metadata() {
        return this.messages.filter((m) => m && m.type === "Metadata");
    }

    elapsed() {
        return Date.now() - this.startedAt;
    }

    onOpen() {
        this.openedAfterMs ??= this.elapsed();
        this.opened.resolve();
    }

    onMessage(message) {
        this.messages.push(typeof message === "string" ? { type: "(unparsed text)", text: message } : message);
    }

    onClose(code, reason) {
        const event = { code, reason: reason == null ? "" : String(reason), afterMs: this.elapsed() };
        this.closeEvents.push(event);
        if (!this.closed.settled) {
            this.wasOpenAtClose = this.opened.settled;
            this.closed.resolve(event);
        }
        this.opened.reject(new Error(`closed (code ${code}${event.reason ? `, reason "${event.reason}"` : ""}) before it opened`));
    }

    onError(error) {
        this.errors.push(describeError(error));
        this.errorSeen.resolve();
        this.opened.reject(error instanceof Error ? error : new Error(describeError(error)));
    }
}

/** A required `--name VALUE` of a script's command line; exits 2, printing `usage`, when it is missing. */
export function requiredOption(name, usage) {
    const at = process.argv.indexOf(`--${name}`);
    if (at < 0 || at + 1 >= process.argv.length) {
        console.error(`usage: ${usage} (missing --${name})`);
        process.exit(2);
    }
    return process.argv[at + 1];
}

/** One PASS or FAIL line per check of a script, the check's detail or error after it; `failed` counts FAILs. */
export class Checks {
    constructor(label) {
        this.label = label;
        this.failed = 0;
    }

    async check(name, body) {
        try {
            const detail = await body();
            console.log(`PASS [${this.label}] ${name}${detail ? " " + detail : ""}`);
        } catch (error) {
            this.failed++;
            const status = error?.statusCode == null ? "" : ` ${error.statusCode}`;
            console.log(`FAIL [${this.label}] ${name}${status} ${error?.message ?? error}`);
        }
    }
}

/** Throws `what` unless `condition` holds: a check's assertion. */
export function expect(condition, what) {
    if (!condition) {
        throw new Error(what);
    }
}
