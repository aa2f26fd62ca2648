// SRT and WebVTT from a /v1/listen answer: its utterances when it has them, else its words in cues of at
// most MAX_CUE_SECONDS or MAX_CUE_WORDS.
const MAX_CUE_SECONDS = 6;
const MAX_CUE_WORDS = 12;

/** [{start, end, text}] */
export function cues(answer) {
  const utterances = answer.results && answer.results.utterances;
  if (utterances && utterances.length) {
    return utterances.map((u) => ({ start: u.start, end: u.end, text: u.transcript }));
  }
  const words = answer.results.channels[0].alternatives[0].words || [];
  const out = [];
  let cue = null;
  for (const word of words) {
    if (!cue || word.end - cue.start > MAX_CUE_SECONDS || cue.words.length >= MAX_CUE_WORDS) {
      cue = { start: word.start, end: word.end, words: [] };
      out.push(cue);
    }
    cue.words.push(word.punctuated_word || word.word);
    cue.end = word.end;
  }
  return out.map((c) => ({ start: c.start, end: c.end, text: c.words.join(' ') }));
}

function clock(seconds, separator) {
  const millis = Math.round(seconds * 1000);
  const pad = (n, width) => String(n).padStart(width, '0');
  const h = Math.floor(millis / 3600000);
  const m = Math.floor(millis / 60000) % 60;
  const s = Math.floor(millis / 1000) % 60;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${separator}${pad(millis % 1000, 3)}`;
}

export function srt(list) {
  return list.map((c, i) => `${i + 1}\n${clock(c.start, ',')} --> ${clock(c.end, ',')}\n${c.text}\n`).join('\n');
}

export function vtt(list) {
  return 'WEBVTT\n\n' + list.map((c) => `${clock(c.start, '.')} --> ${clock(c.end, '.')}\n${c.text}\n`).join('\n');
}
