#!/usr/bin/env python3
"""Where each prompt's speech starts and ends in the human set's prompts-N.wav (bench/accuracy/human-set.sh):
the same prompts in the same order, each followed by 0.8 s of silence, measured on the Asterisk originals by
energy (10 ms frames above -40 dBFS). Prints JSON: {"prompts-1": [{"start": s, "end": s, "words": n}, ...]}.
usage: prompt-ends.py > turns.json"""
import array, gzip, json, os, re, sys, wave

D = "/usr/share/asterisk/sounds/en_US_f_Allison"
GAP = 0.8
THRESHOLD = int(32768 * 10 ** (-40 / 20))

refs = {}
for line in gzip.open("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz", "rt", errors="replace"):
    if ":" in line and not line.startswith(";"):
        k, v = line.split(":", 1)
        refs[k.strip()] = v.strip()

def normalisable(text):  # the set's norm() keeps a prompt with any letter or digit left
    text = re.sub(r"\[[^\]]*\]|<[^>]*>", " ", text.lower())
    return re.search(r"[a-z0-9#*&]", text) is not None

names = sorted(n[:-4] for n in os.listdir(D) if n.endswith(".wav") and n[:-4] in refs and not refs[n[:-4]].startswith("["))
out = {}
for k, offset in enumerate((2, 4, 6)):
    at = 0.0
    prompts = []
    for name in names[offset::9]:
        if not normalisable(refs[name]):
            continue
        with wave.open(f"{D}/{name}.wav") as w:
            rate = w.getframerate()
            samples = array.array("h", w.readframes(w.getnframes()))
        frame = rate // 100
        loud = [i for i in range(0, len(samples), frame) if max(map(abs, samples[i:i + frame]), default=0) > THRESHOLD]
        if loud:
            prompts.append({"start": round(at + loud[0] / rate, 3), "end": round(at + (loud[-1] + frame) / rate, 3),
                            "words": len(refs[name].split())})
        at += len(samples) / rate + GAP
    out[f"prompts-{k + 1}"] = prompts
json.dump(out, sys.stdout, indent=1)
