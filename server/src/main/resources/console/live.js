// The Live tab: the microphone, as 16 kHz linear16 from an AudioWorklet, streamed to /v1/listen.
import { apiKey, element } from './api.js';

const RATE_HZ = 16000;
/** 100 ms of audio per frame, as the Java client and `earshot stream` send. */
const FRAME_SAMPLES = RATE_HZ / 10;
const hints = fetch('/console/close-hints.json').then((r) => r.json()).then((j) => j.hints).catch(() => ({}));

const $ = (id) => document.getElementById(id);
let stream = null;

export function setUpLive() {
  $('record').addEventListener('click', () => (stream ? stream.stop() : start()));
}

function listenUrl() {
  const query = new URLSearchParams({ encoding: 'linear16', sample_rate: String(RATE_HZ), channels: '1' });
  for (const name of ['interim_results', 'punctuate', 'smart_format', 'vad_events']) {
    if ($('opt-' + name).checked) query.set(name, 'true');
  }
  for (const name of ['endpointing', 'utterance_end_ms']) {
    const value = $('opt-' + name).value.trim();
    if (value) query.set(name, value);
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/v1/listen?${query}`;
}

async function start() {
  $('transcript').textContent = '';
  $('interim').textContent = '';
  $('live-events').textContent = '';
  $('request-id').textContent = '';
  $('live-close').hidden = true;
  if (!apiKey()) {
    showClose('Type the API key first.');
    return;
  }
  setState('Asking for the microphone…', true);
  try {
    stream = await LiveStream.open(listenUrl());
  } catch (error) {
    setState('Idle', false);
    showClose(`The microphone could not be opened: ${error.message}`);
  }
}

function setState(text, running) {
  $('live-state').textContent = text;
  $('record').textContent = running ? 'Stop' : 'Start';
  $('record').setAttribute('aria-pressed', String(running));
}

/** One microphone capture and one WebSocket, from open to close. */
class LiveStream {
  static async open(url) {
    const media = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1 } });
    const context = new AudioContext({ sampleRate: RATE_HZ });
    await context.audioWorklet.addModule('/console/pcm-worklet.js');
    return new LiveStream(url, media, context);
  }

  constructor(url, media, context) {
    this.media = media;
    this.context = context;
    this.pending = [];
    this.pendingSamples = 0;
    // The key as a subprotocol, as Deepgram's browser SDK sends it: a browser cannot set headers here.
    this.socket = new WebSocket(url, ['token', apiKey()]);
    this.socket.binaryType = 'arraybuffer';
    this.socket.onopen = () => this.capture();
    this.socket.onmessage = (event) => onMessage(JSON.parse(event.data));
    this.socket.onclose = (event) => this.closed(event);
    setState('Connecting…', true);
  }

  capture() {
    if (this.stopped) return;
    setState('Listening', true);
    const source = this.context.createMediaStreamSource(this.media);
    this.worklet = new AudioWorkletNode(this.context, 'linear16');
    this.worklet.port.onmessage = (event) => this.queue(new Int16Array(event.data));
    source.connect(this.worklet);
  }

  queue(samples) {
    this.pending.push(samples);
    this.pendingSamples += samples.length;
    if (this.pendingSamples < FRAME_SAMPLES || this.socket.readyState !== WebSocket.OPEN) return;
    const frame = new Int16Array(this.pendingSamples);
    let offset = 0;
    for (const part of this.pending) { frame.set(part, offset); offset += part.length; }
    this.pending = [];
    this.pendingSamples = 0;
    this.socket.send(frame.buffer);
  }

  /** Stops the microphone and asks the server to finish: its last Results and Metadata still come. */
  stop() {
    this.stopped = true;
    this.release();
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'CloseStream' }));
      setState('Finishing…', true);
    } else {
      this.socket.close(1000); // still connecting: nothing was sent, nothing to finish
    }
  }

  release() {
    this.media.getTracks().forEach((track) => track.stop());
    if (this.context.state !== 'closed') this.context.close();
  }

  async closed(event) {
    this.release();
    stream = null;
    setState('Idle', false);
    const hint = await hintFor(event.code, event.reason);
    const reason = event.reason ? ` ${event.reason}` : '';
    showClose(`Closed: ${event.code}${reason}.${hint ? ' ' + hint : ''}`);
  }
}

async function hintFor(code, reason) {
  const all = await hints;
  return all[`${code} ${reason}`.trim()] || all[String(code)] || '';
}

function showClose(text) {
  $('live-close').textContent = text;
  $('live-close').hidden = false;
}

function onMessage(message) {
  const requestId = message.type === 'Metadata' ? message.request_id
    : message.metadata && message.metadata.request_id;
  if (requestId) $('request-id').textContent = requestId;
  if (message.type === 'Results') {
    const text = message.channel.alternatives[0].transcript;
    if (message.is_final) {
      if (text) $('transcript').append(element('span', text + ' ', { class: 'final' }));
      $('interim').textContent = '';
    } else {
      $('interim').textContent = text;
    }
  } else if (message.type === 'SpeechStarted') {
    mark(`Speech started at ${message.timestamp.toFixed(2)} s`);
  } else if (message.type === 'UtteranceEnd') {
    mark(`Utterance ended at ${message.last_word_end.toFixed(2)} s`);
    $('transcript').append(element('span', '', { class: 'utterance-end', 'aria-hidden': 'true' }));
  } else if (message.type === 'Metadata') {
    mark(`Metadata: ${message.duration.toFixed(2)} s of audio`);
  } else if (message.type === 'Error' || message.type === 'Warning') {
    mark(`${message.type}: ${message.description || JSON.stringify(message)}`);
  }
}

function mark(text) {
  $('live-events').append(element('li', text));
}
