#!/usr/bin/env bash
# Builds a set of REAL HUMAN speech for accuracy work, from Debian packages (nothing synthetic):
#   - asterisk-core-sounds-en-wav: telephone prompts read by one professional speaker (8 kHz originals),
#     joined into three programmes of about 39 prompts each with 0.8 s of silence between prompts;
#   - pocketsphinx-testdata: five LibriVox audiobook utterances (another speaker, read speech).
# Output in DIR (usage: human-set.sh DIR): NAME.wav (16 kHz mono) + NAME.txt, the layout `earshot bench --fixtures`
# reads, plus 8k/NAME.wav (8 kHz originals, for telephony paths). References are normalised: lower case,
# numbers as words, '#' as "pound", '*' as "star", no punctuation, bracketed and <tagged> notes removed.
set -euo pipefail
OUT=${1:?usage: human-set.sh DIR (where the recordings and references go)}
mkdir -p "$OUT/8k"
need=()
command -v sox >/dev/null || need+=(sox)
[[ -d /usr/share/asterisk/sounds/en_US_f_Allison ]] || need+=(asterisk-core-sounds-en-wav)
[[ -d /usr/share/pocketsphinx/test/data/librivox ]] || need+=(pocketsphinx-testdata)
if ((${#need[@]})); then apt-get install -y -qq "${need[@]}" >/dev/null; fi
python3 - "$OUT" <<'PY'
import gzip, os, re, subprocess, sys
out = sys.argv[1]
ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
def words(n):
    n = int(n)
    if n < 20: return ONES[n]
    if n < 100: return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000: return ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + words(n % 100))
    return " ".join(ONES[int(d)] for d in str(n))
def norm(t):
    t = t.lower().replace("#", " pound ").replace("*", " star ").replace("&", " and ")
    t = re.sub(r"\[[^\]]*\]|<[^>]*>", " ", t)
    t = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", t)
    t = re.sub(r"\d+", lambda m: " " + words(m.group()) + " ", t)
    t = re.sub(r"[^a-z' ]+", " ", t).replace("'", "")
    return " ".join(t.split())
d = "/usr/share/asterisk/sounds/en_US_f_Allison"
refs = {}
for line in gzip.open("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz", "rt", errors="replace"):
    if ":" in line and not line.startswith(";"):
        k, v = line.split(":", 1); refs[k.strip()] = v.strip()
names = sorted(n[:-4] for n in os.listdir(d) if n.endswith(".wav") and n[:-4] in refs and not refs[n[:-4]].startswith("["))
sil = f"{out}/8k/.sil.wav"
subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", sil, "trim", "0", "0.8"], check=True)
for k, offset in enumerate((2, 4, 6)):
    pick = [n for n in names[offset::9] if norm(refs[n])]
    args = []
    for n in pick: args += [f"{d}/{n}.wav", sil]
    name = f"prompts-{k + 1}"
    subprocess.run(["sox", *args, "-r", "8000", "-c", "1", "-b", "16", f"{out}/8k/{name}.wav"], check=True)
    subprocess.run(["sox", f"{out}/8k/{name}.wav", "-r", "16000", f"{out}/{name}.wav"], check=True)
    text = " ".join(norm(refs[n]) for n in pick) + "\n"
    open(f"{out}/{name}.txt", "w").write(text); open(f"{out}/8k/{name}.txt", "w").write(text)
os.remove(sil)
lv = "/usr/share/pocketsphinx/test/data/librivox"
ids = [l.split()[0] for l in open(f"{lv}/fileids") if l.strip()]
texts = {}
for l in open(f"{lv}/transcription"):
    m = re.match(r"\s*(.*?)\s*\(([^)]+)\)\s*$", l)
    if m: texts[m.group(2)] = m.group(1)
wavs = [f"{lv}/{i}.wav" for i in ids]
subprocess.run(["sox", *wavs, "-r", "16000", "-c", "1", "-b", "16", f"{out}/librivox.wav"], check=True)
subprocess.run(["sox", f"{out}/librivox.wav", "-r", "8000", f"{out}/8k/librivox.wav"], check=True)
text = " ".join(norm(texts.get(i, texts.get(os.path.basename(i), ""))) for i in ids) + "\n"
open(f"{out}/librivox.txt", "w").write(text); open(f"{out}/8k/librivox.txt", "w").write(text)
PY
for f in "$OUT"/*.wav; do printf '%s\t%5.1f s\t%4d words\n' "$(basename "$f")" "$(soxi -D "$f")" "$(wc -w < "${f%.wav}.txt")"; done
