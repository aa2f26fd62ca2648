#!/usr/bin/env bash
# Builds the Earshot image with podman and runs it as the chart does (uid 10001, read-only root, keys from a
# file): ready after its warm-up, transcribing a file and a live stream (the image's own `earshot stream`),
# draining on SIGTERM and exiting 0. Run from anywhere,
# after `mvn -B -DskipTests package`:
#   deploy/image/check-image.sh [PORT]
# Needs (Debian): apt-get install podman runc mmdebstrap. No registry is reachable from the project's machines, so
# the base image is made here from Debian's packages (bookworm, minbase, openjdk-17-jre-headless) by mmdebstrap,
# and passed to the Dockerfile as BASE_IMAGE. On these machines RUN needs --isolation=chroot (crun cannot set up
# their hybrid cgroups) and `podman run` needs runc with the cgroupfs manager and rlimits it may set.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
port="${1:-18089}"
base=localhost/earshot-base:bookworm
image=localhost/earshot:check
name="earshot-check-$$"
podman=(podman --runtime runc --cgroup-manager cgroupfs)
limits=(--ulimit nofile=4096:4096 --ulimit nproc=4096:4096)

for tool in podman runc mmdebstrap curl; do
  command -v "$tool" >/dev/null || { echo "check-image: $tool is missing (apt-get install podman runc mmdebstrap curl)" >&2; exit 2; }
done
for built in server/target/earshot-server.jar server/target/model/en-us client/target/earshot-client.jar; do
  [[ -e "$root/$built" ]] || { echo "check-image: $built is missing: run mvn -B -DskipTests package first" >&2; exit 2; }
done

if ! podman image exists "$base"; then
  echo "check-image: making $base from Debian packages (mmdebstrap)"
  tar="$(mktemp --suffix=.tar)"
  mmdebstrap --quiet --variant=minbase --include=openjdk-17-jre-headless bookworm "$tar" \
    "deb http://deb.debian.org/debian bookworm main" "deb http://deb.debian.org/debian-security bookworm-security main"
  podman import --quiet "$tar" "$base" >/dev/null
  rm -f "$tar"
fi

echo "check-image: building $image"
podman build --quiet --isolation=chroot --build-arg BASE_IMAGE="$base" -f "$root/deploy/image/Dockerfile" \
  -t "$image" "$root" >/dev/null

cleanup() { "${podman[@]}" rm --force --time 0 "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT
fail() { echo "check-image: FAIL: $*" >&2; "${podman[@]}" logs "$name" 2>&1 | tail -20 >&2; exit 1; }

# As the chart runs it: read-only root filesystem, writable /tmp and /var/lib/earshot (HOME; podman 4.3's tmpfs
# takes no owner, where the chart's fsGroup gives the emptyDir to uid 10001), no capabilities,
# the API keys in a mounted file. Host network, so that nothing but loopback is involved; EARSHOT_HOST narrows
# the image's 0.0.0.0 to it.
keys="$(mktemp)"
echo check-key >"$keys"
chmod 644 "$keys"
"${podman[@]}" run --detach --name "$name" --network host "${limits[@]}" \
  --read-only --tmpfs /tmp --tmpfs /var/lib/earshot:mode=1777 \
  --cap-drop ALL --security-opt no-new-privileges \
  -v "$keys:/etc/earshot/api-keys/api-keys:ro" -e EARSHOT_API_KEYS_FILE=/etc/earshot/api-keys/api-keys \
  -e EARSHOT_HOST=127.0.0.1 -e EARSHOT_PORT="$port" -e EARSHOT_DATABASE=none \
  -e EARSHOT_WARM_UP=1 -e EARSHOT_DRAIN_PERIOD=3s "$image" >/dev/null
url="http://127.0.0.1:$port"

[[ "$("${podman[@]}" exec "$name" id -u)" == 10001 ]] || fail "the server does not run as uid 10001"
for _ in $(seq 1 90); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/status/ready")" == 200 ]] && break
  sleep 1
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/status/ready")" == 200 ]] || fail "not ready within 90 s"
echo "check-image: ready: $(curl -s "$url/v1/status")"

answer="$(curl -s -H 'Authorization: Token check-key' -H 'Content-Type: audio/wav' \
  --data-binary @"$root/fixtures/speech/speech-a.wav" "$url/v1/listen")"
grep -q '"transcript":"[a-z]' <<<"$answer" || fail "POST /v1/listen gave no transcript: ${answer:0:300}"
echo "check-image: POST /v1/listen transcribed speech-a.wav"

# A live stream at real time from the image's own client, then SIGTERM to the server in the middle of it.
stream_log="$(mktemp)"
"${podman[@]}" run --rm --network host "${limits[@]}" -v "$root/fixtures/speech:/fixtures:ro" "$image" \
  stream /fixtures/speech-a.wav --url "$url" --key check-key >"$stream_log" 2>&1 &
stream_pid=$!
sleep 6
"${podman[@]}" stop --time 60 "$name" >/dev/null
code="$("${podman[@]}" inspect "$name" --format '{{.State.ExitCode}}')"
wait "$stream_pid" || true
[[ "$code" == 0 ]] || fail "exit code $code after SIGTERM, expected 0"
"${podman[@]}" logs "$name" 2>&1 | grep -q 'drained:' || fail "no 'drained:' line in the server's log"
[[ -s "$stream_log" ]] || fail "the image's earshot stream printed nothing"
echo "check-image: the live stream printed: $(head -c 200 "$stream_log" | tr '\n' ' ')"
echo "check-image: $("${podman[@]}" logs "$name" 2>&1 | grep 'drained:' | tail -1)"
echo "check-image: PASS"
