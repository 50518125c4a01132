#!/bin/bash
# A standalone Spark master and one worker that cannot see the driver's
# temporary files: the worker runs in its own mount namespace with an empty
# tmpfs over /tmp (needs root for `unshare --mount`). casecheck then judges
# DATA on that cluster (--dsn spark://...) and on DuckDB, and the two JSON
# results are compared without their `engine` blocks. Before issue 18 the
# Spark engine staged every table as JSON lines in the driver's /tmp, which
# this worker cannot read.
#
#   PYTHONPATH=. bench/spark_cluster.sh DATA [RULES]
#
# Prints the master URL, the run times and "same" or the difference. Leaves
# nothing running (the master and worker are stopped by their process ids).
set -euo pipefail
DATA=${1:?a CSV or Parquet council folder, visible at the same path to the worker}
RULES=${2:-CONTACT-DECISION-1WD,CP-VISIT-10WD,ASSESS-45WD,ICPC-15WD,CASELOAD-LIMIT}
PY=${PYTHON:-/work/main/.venv/bin/python}
export SPARK_HOME=$($PY -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
export SPARK_LOCAL_IP=127.0.0.1
PORT=${PORT:-7177}
WORK=$(mktemp -d /var/tmp/casecheck-cluster.XXXXXX)
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port 0 \
  > "$WORK/master.log" 2>&1 &
MASTER=$!
# the worker's /tmp is an empty tmpfs of its own: the driver's temporary folder is not there
unshare --mount --propagation private sh -c "mount -t tmpfs casecheck-worker-tmp /tmp && echo worker /tmp holds \$(ls -A /tmp | wc -l) entries && \
  exec env SPARK_LOCAL_DIRS=/tmp/spark-local SPARK_WORKER_DIR=/tmp/spark-work \"$SPARK_HOME/bin/spark-class\" \
  org.apache.spark.deploy.worker.Worker spark://127.0.0.1:$PORT --cores 2 --memory 2g --webui-port 0" > "$WORK/worker.log" 2>&1 &
WORKER=$!
cleanup() { kill "$WORKER" "$MASTER" 2>/dev/null || true; wait "$WORKER" "$MASTER" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 120); do grep -q "Registering worker" "$WORK/master.log" 2>/dev/null && break; sleep 1; done
grep -q "Registering worker" "$WORK/master.log" || { echo "the worker did not register"; tail -20 "$WORK/worker.log"; exit 1; }
head -1 "$WORK/worker.log"
echo "master spark://127.0.0.1:$PORT, worker registered"
ARGS=(run ilacs --data "$DATA" --as-at 2025-03-31 --format json --fail-on none --rules "$RULES")
T0=$(date +%s)
$PY -m checker.cli "${ARGS[@]}" --engine spark --dsn "spark://127.0.0.1:$PORT" > "$WORK/spark.json" 2> "$WORK/spark.err" || { echo "spark run failed"; tail -5 "$WORK/spark.err"; exit 1; }
T1=$(date +%s)
$PY -m checker.cli "${ARGS[@]}" > "$WORK/duckdb.json"
T2=$(date +%s)
echo "cluster run $((T1 - T0)) s, duckdb $((T2 - T1)) s"
grep -c "ExecutorAdded\|Launching executor" "$WORK/master.log" "$WORK/worker.log" || true
$PY - "$WORK/spark.json" "$WORK/duckdb.json" <<'PYEOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ea, eb = a.pop("engine"), b.pop("engine")
print("engine:", ea["name"], ea["versions"])
for f in ea["fallbacks"]:
    print("fallback:", f["rule"], f["why"][:400])
print("same" if a == b else "DIFFERENT")
PYEOF
rm -rf "$WORK"
