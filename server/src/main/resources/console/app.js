// Wires the page: the key field, the tabs, and each tab's module.
import { apiKey, setApiKey } from './api.js';
import { setUpLive } from './live.js';
import { setUpFile } from './file.js';
import { setUpRequests, showFailures } from './requests.js';
import { setUpStatus } from './status.js';

const keyInput = document.getElementById('api-key');
keyInput.value = apiKey();
keyInput.addEventListener('input', () => setApiKey(keyInput.value.trim()));
document.getElementById('key-form').addEventListener('submit', (event) => event.preventDefault());
document.getElementById('forget-key').addEventListener('click', () => {
  keyInput.value = '';
  setApiKey('');
  keyInput.focus();
});

const status = setUpStatus();
const tabs = [...document.querySelectorAll('[role=tab]')];

function select(tab) {
  for (const other of tabs) {
    const chosen = other === tab;
    other.setAttribute('aria-selected', String(chosen));
    other.tabIndex = chosen ? 0 : -1;
    document.getElementById(other.getAttribute('aria-controls')).hidden = !chosen;
  }
  status.visible(tab.id === 'tab-status');
  if (tab.id === 'tab-requests' && apiKey()) showFailures();
}

tabs.forEach((tab, index) => {
  tab.addEventListener('click', () => select(tab));
  // Arrow keys move between tabs, as the ARIA tabs pattern has it.
  tab.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(index + step + tabs.length) % tabs.length];
    select(next);
    next.focus();
  });
});

setUpLive();
setUpFile();
setUpRequests();
