#!/bin/bash
# A 3-replica fleet rolled under 12 live streams (issue 19 target).
cd "$(dirname "$0")/.."
export EARSHOT_FLEET_DIR=/tmp/fleet-roll EARSHOT_FLEET_PORT=18200 EARSHOT_API_KEYS=k EARSHOT_WARM_UP=2 EARSHOT_DRAIN_PERIOD=90s EARSHOT_FLEET_BUILD=0
rm -rf $EARSHOT_FLEET_DIR
deploy/local/fleet.sh up 3 2>&1 | tail -2
./earshot bench --url http://127.0.0.1:18200 --key k --streams 12 --duration 60s --lag-bound 300 > /tmp/roll12-bench.out 2>&1 &
B=$!
sleep 15
time deploy/local/fleet.sh roll 2>&1 | tail -20
wait $B
grep -E "streams  lag|^ +12|error" /tmp/roll12-bench.out
deploy/local/fleet.sh down 2>&1 | tail -3
