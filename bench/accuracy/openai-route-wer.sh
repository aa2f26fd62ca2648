#!/usr/bin/env bash
# Word error rate of POST /v1/audio/transcriptions against POST /v1/listen on the same files, one server.
# Usage: bench/accuracy/openai-route-wer.sh BASE_URL API_KEY DIR   (DIR as bench/accuracy/human-set.sh makes it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -d "$classes" "$here/../src/main/java/dev/earshot/bench/measure/WordErrors.java" "$here/RouteWer.java"
java -cp "$classes" RouteWer "$1" "$2" "$3"
