#!/bin/bash
# Live streams (STREAMS, default 12) through the balancer of a local fleet of 1, 2 and 3 replicas (issue 19, item 5). On one
# machine this measures what the balancer and more JVMs cost, not scale.
cd "$(dirname "$0")/.."
export EARSHOT_FLEET_DIR=/tmp/fleet-replicas EARSHOT_FLEET_PORT=18300 EARSHOT_API_KEYS=k EARSHOT_FLEET_BUILD=0
export EARSHOT_WARM_UP=${EARSHOT_WARM_UP:-4} EARSHOT_MAX_STREAMS=${EARSHOT_MAX_STREAMS:-16}
for n in ${REPLICAS:-1 2 3}; do
  rm -rf $EARSHOT_FLEET_DIR
  deploy/local/fleet.sh up $n > /tmp/fleet-replicas-up.log 2>&1 || { tail -5 /tmp/fleet-replicas-up.log; exit 1; }
  echo "== $n replica(s)"
  ./earshot bench --url http://127.0.0.1:18300 --key k --streams ${STREAMS:-12} --duration 60s --lag-bound 300 2>&1 \
      | grep -E "^ +[0-9]+ "
  deploy/local/fleet.sh down > /dev/null 2>&1
done
