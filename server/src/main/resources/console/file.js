// The File tab: POST /v1/listen with a chosen or dropped file; words that play the audio from where they
// start, utterances, the raw answer, and captions to download.
import { call, describe, element, notice } from './api.js';
import { cues, srt, vtt } from './captions.js';

const $ = (id) => document.getElementById(id);
const urls = [];

export function setUpFile() {
  $('file').addEventListener('change', () => {
    if ($('file').files.length) transcribe($('file').files[0]);
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer.files.length) transcribe(event.dataTransfer.files[0]);
  });
}

async function transcribe(file) {
  notice($('file-error'), '');
  $('file-result').hidden = true;
  $('file-state').textContent = `Transcribing ${file.name}…`;
  try {
    // No encoding: the server recognises the container (WAV, Ogg, WebM, MP3, ...) itself.
    const { json, requestId } = await call('/v1/listen?utterances=true&punctuate=true', {
      method: 'POST', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' },
    });
    $('file-state').textContent = `Done: ${file.name}`;
    show(json, requestId, file);
  } catch (error) {
    $('file-state').textContent = '';
    notice($('file-error'), describe(error));
  }
}

function show(answer, requestId, file) {
  urls.splice(0).forEach((url) => URL.revokeObjectURL(url));
  $('file-request-id').textContent = requestId || answer.metadata.request_id;
  $('player').src = objectUrl(file);
  showWords(answer.results.channels[0].alternatives[0].words || []);
  $('file-utterances').replaceChildren(...(answer.results.utterances || []).map((u) =>
    element('li', `${u.start.toFixed(2)}–${u.end.toFixed(2)} s: ${u.transcript}`)));
  $('file-json').textContent = JSON.stringify(answer, null, 2);
  const list = cues(answer);
  $('dl-srt').href = objectUrl(new Blob([srt(list)], { type: 'application/x-subrip' }));
  $('dl-vtt').href = objectUrl(new Blob([vtt(list)], { type: 'text/vtt' }));
  $('dl-json').href = objectUrl(new Blob([JSON.stringify(answer, null, 2)], { type: 'application/json' }));
  $('file-result').hidden = false;
}

function showWords(words) {
  $('file-words').replaceChildren(...words.map((word) => {
    const button = element('button', word.punctuated_word || word.word, {
      type: 'button', class: 'word', title: `${word.start.toFixed(2)}–${word.end.toFixed(2)} s`,
    });
    button.addEventListener('click', () => {
      $('player').currentTime = word.start;
      $('player').play();
    });
    return button;
  }));
}

function objectUrl(blob) {
  const url = URL.createObjectURL(blob);
  urls.push(url);
  return url;
}
