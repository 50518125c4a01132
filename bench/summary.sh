#!/usr/bin/env bash
# The issue-21/17 figures in one run, each beside the same figure from another checkout (BEFORE),
# alternated: fresh processes through the CLI, wall and CPU seconds and peak memory.
#
#   DATA=/path/to/data BEFORE=/path/to/other/checkout bench/summary.sh > table.txt
#
# DATA holds: ilacs10, ilacs10k, ilacs20k, ilacs100k, ilacs1m (casecheck generate --children N),
# ilacs1m-parquet (--format parquet), cin100k.xml (--format cin-xml --census-problems),
# annexa100k.xlsx (--format annex-a), and the dfe-903 returns bench/dfe_903.py makes with
# --data (wt17s/r10000, r100000 and their -last folders: 10,044 and 100,440 children in care).
# ONLY=regex: just the figures whose label matches (grep -E), e.g. ONLY='census|1M'.
# Run from the checkout being measured. Leave PYTHONDONTWRITEBYTECODE unset: an installed
# casecheck has its bytecode compiled, and compiling every module costs about 0.2 s a start.
PY=${PY:-.venv/bin/python}
D=${DATA:?set DATA to the folder of generated data (see the header)}
O=${OUT:-$(mktemp -d)}
AS="--as-at 2025-03-31"
t() { # label build cmd...
  local label=$1 build=$2; shift 2
  if [ -n "${ONLY:-}" ] && ! grep -qE "$ONLY" <<< "$label"; then return 0; fi
  local pp=$PWD; [ "$build" = before ] && pp=${BEFORE:?set BEFORE to another checkout}
  local out=$O/out.$$
  /usr/bin/time -f "%e %U %S %M" -o $O/time.$$ env PYTHONPATH=$pp "$@" > $out 2>$O/err.$$
  local rc=$?
  # (GNU time writes "Command exited with non-zero status N" first when it does: the figures are the last line)
  read e u s m < <(tail -n 1 $O/time.$$)
  printf "%s | %s | %.2f | %.2f | %d | rc=%s\n" "$label" "$build" "$e" "$(echo "$u + $s" | bc)" "$((m/1024))" "$rc"
  [ "$rc" -le 1 ] || sed 's/^/    stderr: /' $O/err.$$ | tail -n 3
}
unset PYTHONDONTWRITEBYTECODE  # as an installed casecheck runs: bytecode compiled once
# -P: the folder run from (a checkout) is not put first on sys.path, where it would
# shadow PYTHONPATH and make "before" run this checkout's code too
C="$PY -P -m checker.cli"
echo "figure | build | wall s | cpu s | peak MB | exit"
for b in after before; do t "python -c pass" $b $PY -c pass; done
for i in 1 2; do for b in after before; do t "casecheck --help" $b $C --help; done; done
for i in 1 2; do for b in after before; do t "lint ilacs" $b $C lint ilacs; done; done
for i in 1 2 3; do for b in after before; do t "ilacs 10 children, table" $b $C run ilacs --data $D/ilacs10 $AS -q --fail-on none; done; done
for i in 1 2; do for b in after before; do t "ilacs 20k, duckdb" $b $C run ilacs --data $D/ilacs20k $AS -q --fail-on none --engine duckdb; t "ilacs 20k, reference" $b $C run ilacs --data $D/ilacs20k $AS -q --fail-on none --engine reference; done; done
for i in 1 2; do for b in after before; do t "dfe-cin census 100k, table" $b $C run dfe-cin --data $D/cin100k.xml $AS -q --fail-on none; done; done
for b in after before; do t "dfe-cin census 100k, JSON of every outcome" $b $C run dfe-cin --data $D/cin100k.xml $AS -q --fail-on none --format json --out $O/cin.json; done
for b in after before; do t "Annex A 100k, ilacs table" $b $C run ilacs --data $D/annexa100k.xlsx $AS -q --fail-on none; done
for b in after before; do t "Annex A 100k, reader alone" $b $PY -P -c "import datetime; from checker.api import open_pack, read_data; p=open_pack('ilacs'); read_data(p.schema, '$D/annexa100k.xlsx', None, datetime.date(2025,3,31))"; done
for b in after before; do t "dfe-903, 100,440 children in care (+previous), table" $b $C run dfe-903 --data $D/r100000 --previous $D/r100000-last $AS -q --fail-on none; done
for b in after before; do t "dfe-903, 10,044 children in care (+previous), table" $b $C run dfe-903 --data $D/r10000 --previous $D/r10000-last $AS -q --fail-on none; done
for b in after before; do t "ilacs 10k csv, table" $b $C run ilacs --data $D/ilacs10k $AS -q --fail-on none; done
for b in after before; do t "ilacs 100k csv, table" $b $C run ilacs --data $D/ilacs100k $AS -q --fail-on none; done
for b in after before; do t "ilacs 100k csv, HTML report" $b $C run ilacs --data $D/ilacs100k $AS -q --fail-on none --format html --out $O/r.html; done
for b in after before; do t "ilacs 100k csv, workbook" $b $C run ilacs --data $D/ilacs100k $AS -q --fail-on none --format xlsx --out $O/r.xlsx; done
printf 'a-long-enough-redaction-key-0123' > $O/key
for i in 1 2; do for b in after before; do t "ilacs 100k csv, JSON" $b $C run ilacs --data $D/ilacs100k $AS -q --fail-on none --format json --out $O/r.json; t "ilacs 100k csv, JSON --redact" $b $C run ilacs --data $D/ilacs100k $AS -q --fail-on none --format json --out $O/r.json --redact $O/key; done; done
for b in after before; do t "generate 100k children" $b $C generate --children 100000 --seed 1 --out $O/gen100k; rm -rf $O/gen100k; done
t "generate 1M children" after $C generate --children 1000000 --seed 1 --out $O/gen1m; rm -rf $O/gen1m
for b in after before; do t "ilacs 1M csv, table" $b $C run ilacs --data $D/ilacs1m $AS -q --fail-on none; done
t "ilacs 1M parquet, table" after $C run ilacs --data $D/ilacs1m-parquet $AS -q --fail-on none
t "ilacs 1M csv, parquet of every outcome" after $C run ilacs --data $D/ilacs1m $AS -q --fail-on none --format parquet --out $O/o.parquet
rm -f $O/cin.json $O/o.parquet $O/r.html $O/r.xlsx $O/r.json $O/key $O/out.* $O/err.* $O/time.*
echo DONE
