#!/usr/bin/env bash
# Makes the accuracy set: ~38 minutes of synthetic speech, ~5,700 words, in four recordings with their texts,
# for `earshot bench --fixtures DIR --fast --streams 4` (docs/performance.md, "Accuracy").
#
# Why not the committed fixtures: they hold 81 words, so one word is 1.2 points of WER, and which words a
# pause costs depends on where it falls; comparing the server with the engine needs thousands of words.
# Why generated, not committed: 73 MB of WAV. The texts are the licences every Debian system carries
# (/usr/share/common-licenses, from base-files), read sentence by sentence by flite's five voices with
# pauses of 0.1-1.5 s between sentences, every other group of eight sentences over pink noise at about
# -50 dBFS. `sox -R` seeds the noise and dither, so the set is the same on every machine with these packages.
#
# Needs: apt-get install flite sox python3
# Usage: bench/accuracy/make-set.sh DIR    (writes DIR/set-0.wav .. set-3.wav and set-0.txt .. set-3.txt)
set -euo pipefail
out=${1:?usage: $0 DIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Sentences of 6 to 30 words with no acronyms; digits and symbols dropped, so the text is what is spoken.
python3 - "$work/sentences.txt" <<'PY'
import re, sys
out = []
for name in ['GPL-3', 'GPL-2', 'Apache-2.0', 'MPL-2.0', 'GFDL-1.3', 'Artistic']:
    text = re.sub(r'\s+', ' ', open('/usr/share/common-licenses/' + name, encoding='utf-8').read())
    for sentence in re.split(r'(?<=[.;:])\s+', text):
        sentence = re.sub(r'\s+', ' ', re.sub(r"[^A-Za-z ,']", ' ', sentence)).strip()
        words = sentence.split()
        if 6 <= len(words) <= 30 and not any(w.isupper() and len(w) > 1 for w in words) and sentence not in out:
            out.append(sentence)
open(sys.argv[1], 'w').write('\n'.join(out) + '\n')
PY

voices=(rms slt awb kal16 kal)
pauses=(0.1 0.6 0.3 0.9 0.45 0.2 0.75 0.35 0.5 0.25 1.5)
n=0
group=0
parts=()
: > "$work/group-0.txt"
while IFS= read -r line; do
  n=$((n + 1))
  echo "$line" >> "$work/group-$group.txt"
  flite -voice "${voices[$((group % 5))]}" -t "$line" -o "$work/raw.wav"
  sox -R "$work/raw.wav" -r 16000 -b 16 -c 1 "$work/s$n.wav" pad 0 "${pauses[$(((n * 7) % 11))]}"
  parts+=("$work/s$n.wav")
  if (( ${#parts[@]} == 8 )); then
    sox -R "${parts[@]}" "$work/joined.wav"
    if (( group % 2 == 1 )); then
      sox -R -n -r 16000 -b 16 -c 1 "$work/noise.wav" synth "$(soxi -D "$work/joined.wav")" pinknoise vol 0.003
      sox -R -m "$work/joined.wav" "$work/noise.wav" "$work/group-$group.wav"
    else
      mv "$work/joined.wav" "$work/group-$group.wav"
    fi
    rm -f "${parts[@]}"
    parts=()
    group=$((group + 1))
    : > "$work/group-$group.txt"
  fi
done < "$work/sentences.txt"

# Four recordings of ~10 minutes: four streams cover the set once, two per core.
for set in 0 1 2 3; do
  wavs=()
  : > "$out/set-$set.txt"
  for ((g = set; g < group; g += 4)); do
    wavs+=("$work/group-$g.wav")
    cat "$work/group-$g.txt" >> "$out/set-$set.txt"
  done
  sox -R "${wavs[@]}" "$out/set-$set.wav"
done
echo "accuracy set: $(cat "$out"/set-*.txt | wc -w) words in $out" >&2
