"""Run the hostile-input fuzzers of tests/hostile for longer than CI does.

    python bench/fuzz.py --minutes 10            # round robin over every target for 10 minutes
    python bench/fuzz.py --examples 2000          # or this many inputs per target
    python bench/fuzz.py --targets expr,csv --seed 7 --minutes 2

Targets (``tests/hostile/hostile_fuzz.py`` has the mutations and the checks):

  expr-text    random text as a rule expression: parse, round trip, type check
  expr         mutants of every expression of rules/lib and examples/pack
  pack         mutants of whole pack.yaml and rule files, loaded as a pack
  csv jsonl xlsx annex-a cin-xml ssda903
               mutants of a small council written by `casecheck generate` in that format,
               read by the adapter (accounting checked)
  cli          mutated inputs of any format through `casecheck run` (format detected)
  outputs      mutated inputs through every output path (each report format with --redact,
               rejects.csv, sample, template): no terminal escape, no live formula, no case ID
  pattern      random `matches` patterns: refused at load, or the same verdicts as Python's re
               on random text, in linear time

An input whose outcome is not a result or a casecheck error with a position, or that
takes longer than its time limit, is a crash: it is counted, and its target, seed and
mutation operations are written to --crashes (JSON lines) to replay. Prints the inputs
tried and the crashes found per target.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
sys.path.insert(0, str(ROOT))

import hostile_fuzz as H  # noqa: E402

TARGETS = ("expr-text", "expr", "pack", *H.FORMATS, "cli", "outputs", "pattern")
LIMITS = {"expr-text": 5, "expr": 5, "pack": 30, "cli": 120, "outputs": 300, "pattern": 5}  # seconds per input; data targets 60


class Fuzzer:
    def __init__(self, work: Path, seed: int):
        self.work = work
        self.rng = random.Random(seed)
        self.seed = seed
        self.data = None
        self.schema = None

    def setup(self, targets):
        if any(t in H.FORMATS or t in ("cli", "outputs") for t in targets):
            self.data = H.generate_seed_data(self.work / "seed")
            self.schema = H.packs()["example"].schema
        if any(t.startswith("expr") for t in targets):
            H.packs()
            H.expression_seeds()

    def one(self, target: str):
        """One input: (its description for replay, a callable giving the outcome)."""
        rng = self.rng
        if target == "expr-text":
            alphabet = "".join(H.TEXT_SNIPPETS[:40]) + "abcdefghijklmnopqrstuvwxyz_0123456789 "
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
            return {"text": text}, lambda: H.check_expression("example", "contacts", text, True)
        if target == "expr":
            seeds = H.expression_seeds()
            i = rng.randrange(len(seeds))
            ops = H.random_ops(rng, H.TEXT_KINDS)
            pack, subject, text, condition = seeds[i]
            return {"seed": i, "ops": ops}, lambda: H.check_expression(pack, subject, H.mutate_text(text, ops), condition)
        if target == "pack":
            seeds = H.pack_file_seeds()
            i = rng.randrange(len(seeds))
            ops = H.random_ops(rng, H.TEXT_KINDS, max_ops=4)
            role, _name, text = seeds[i]
            return {"seed": i, "ops": ops}, lambda: H.check_pack_file(role, H.mutate_text(text, ops), self.work)
        if target == "pattern":
            pieces = ["a", "b", ".", "[ab]", "[^a]", "\\d", "\\w", "(", ")", "|", "*", "+", "?", "{2}", "{1,3}", "^", "$",
                      "(?:", "(?i)", "\\", "é", "x"]
            pattern = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            texts = ["".join(rng.choice("abx1é \n") for _ in range(rng.randint(0, 10))) for _ in range(20)]
            return {"pattern": pattern}, lambda: H.check_pattern(pattern, texts)
        ops = H.random_ops(rng, H.BYTE_KINDS, max_ops=4)
        pick = rng.randrange(100)
        if target == "outputs":
            fmt = rng.choice(H.FORMATS)
            src = self.data[fmt]

            def outputs():
                path = H.mutate_data(src, self.work / f"out-{src.name}", ops, pick)
                return H.check_outputs(path, self.work / "outputs")
            return {"format": fmt, "ops": ops, "pick": pick}, outputs
        if target == "cli":
            fmt = rng.choice(H.FORMATS)
            src = self.data[fmt]

            def run():
                path = H.mutate_data(src, self.work / f"cli-{src.name}", ops, pick)
                return H.check_cli(["run", str(ROOT / "examples" / "pack"), "--data", str(path), "--as-at", H.AS_AT_TEXT,
                                    "--skip-unavailable", "--format", "json", "--out", str(self.work / "out.json")])
            return {"format": fmt, "ops": ops, "pick": pick}, run
        src = self.data[target]

        def load():
            path = H.mutate_data(src, self.work / f"mutant-{src.name}", ops, pick)
            return H.check_data(path, target, self.schema)
        return {"ops": ops, "pick": pick}, load


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, help="run for this long in all (round robin over the targets)")
    ap.add_argument("--examples", type=int, help="inputs per target (default 200 when --minutes is not given)")
    ap.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated, of: {', '.join(TARGETS)}")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    ap.add_argument("--crashes", default=str(ROOT / "bench" / "fuzz-crashes.jsonl"), help="where to write crashing inputs")
    args = ap.parse_args(argv)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(targets) - set(TARGETS)
    if unknown:
        ap.error(f"unknown targets: {', '.join(sorted(unknown))}")
    examples = args.examples if args.examples or args.minutes else 200
    deadline = time.monotonic() + args.minutes * 60 if args.minutes else None

    tried = collections.Counter()
    outcomes = {t: collections.Counter() for t in targets}
    crashes = collections.Counter()
    spent = collections.Counter()
    print(f"fuzzing {', '.join(targets)} (seed {args.seed})", flush=True)
    with tempfile.TemporaryDirectory(prefix="casecheck-fuzz-") as tmp:
        fuzzer = Fuzzer(Path(tmp), args.seed)
        fuzzer.setup(targets)
        last_report = time.monotonic()
        with H.fast_pack_loading():
            while True:
                active = [t for t in targets if not examples or tried[t] < examples]
                if not active or (deadline and time.monotonic() > deadline):
                    break
                # round robin by time spent, so slow targets do not starve fast ones of inputs
                target = min(active, key=lambda t: spent[t])
                desc, run = fuzzer.one(target)
                start = time.monotonic()
                try:
                    with H.time_limit(LIMITS.get(target, 60)):
                        outcomes[target][run()] += 1
                except (H.Crash, H.Hang) as exc:
                    crashes[target] += 1
                    outcomes[target]["CRASH"] += 1
                    record = {"target": target, "seed": args.seed, "input": desc, "crash": f"{type(exc).__name__}: {exc}",
                              "traceback": traceback.format_exc(limit=6)}
                    with open(args.crashes, "a", encoding="utf-8") as fh:
                        fh.write(json.dumps(record, default=str) + "\n")
                    print(f"CRASH {target}: {exc}", flush=True)
                spent[target] += time.monotonic() - start
                tried[target] += 1
                if time.monotonic() - last_report > 60:
                    last_report = time.monotonic()
                    print(f"... {sum(tried.values())} inputs, {sum(crashes.values())} crashes", flush=True)

    print()
    print(f"{'target':<10} {'inputs':>8} {'crashes':>8}  outcomes")
    for t in targets:
        detail = ", ".join(f"{k} {v}" for k, v in sorted(outcomes[t].items()))
        print(f"{t:<10} {tried[t]:>8} {crashes[t]:>8}  {detail}")
    print(f"{'total':<10} {sum(tried.values()):>8} {sum(crashes.values()):>8}")
    if crashes:
        print(f"crashing inputs written to {args.crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
