#!/bin/bash
# Request log on and off at 16 streams; status and metrics latency under that load.
cd "$(dirname "$0")/.."
for db in ${DBS:-sqlite none}; do
  rm -rf /tmp/opsb-$db
  (cd server/target && exec java -jar earshot-server.jar serve --api-keys k --port 18100 --max-streams 20 --database $db --data-dir /tmp/opsb-$db > /tmp/opsb-$db.log 2>&1) &
  sleep 3
  PID=$(pgrep -f "earshot-server.jar serve --api-keys k --port 18100")
  for i in $(seq 1 100); do [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18100/v1/status/ready)" = 200 ] && break; sleep 3; done
  echo "== database $db, server pid $PID, ready after ~$((i*3)) s"
  ( end=$((SECONDS+70)); while [ $SECONDS -lt $end ]; do
      curl -s -o /dev/null -w 'status %{time_total}\n' http://127.0.0.1:18100/v1/status
      curl -s -o /dev/null -w 'metrics %{time_total}\n' http://127.0.0.1:18100/metrics
      sleep 0.2; done ) > /tmp/opsb-probe-$db.txt &
  PROBE=$!
  ./earshot bench --url http://127.0.0.1:18100 --key k --server-pid $PID --streams ${STREAMS:-16} --duration 60s --lag-bound 300 2>&1 | tail -15
  wait $PROBE
  for kind in status metrics; do
    grep "^$kind " /tmp/opsb-probe-$db.txt | awk '{print $2*1000}' | sort -n | awk -v k=$kind '{a[NR]=$1} END {printf "%s under load: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms\n", k, NR, a[int(NR*0.5)], a[int(NR*0.99)], a[NR]}'
  done
  for t in /proc/$PID/task/*; do n=$(cat $t/comm); case $n in earshot-reques*) echo "thread $n cpu ticks: $(awk "{print \$14+\$15}" $t/stat)";; esac; done
  kill -TERM $PID; sleep 5
done
