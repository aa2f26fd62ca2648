// Runs in the audio thread of an AudioContext made at 16 kHz: turns each block of float samples into
// 16-bit PCM (linear16) and hands it to the page. Int16Array is in the platform's byte order, which is
// little-endian on every platform a browser runs on, as linear16 is.
class Linear16 extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      const pcm = new Int16Array(channel.length);
      for (let i = 0; i < channel.length; i++) {
        const sample = Math.max(-1, Math.min(1, channel[i]));
        pcm[i] = sample < 0 ? sample * 0x8000 : sample * 0x7fff;
      }
      this.port.postMessage(pcm.buffer, [pcm.buffer]);
    }
    return true;
  }
}
registerProcessor('linear16', Linear16);
