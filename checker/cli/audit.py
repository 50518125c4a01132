"""Commands over audits already run: compare, history, audit-grades."""


from __future__ import annotations

from pathlib import Path

import click

from checker.cli.app import (
    DATE,
    cli,
    echo_diagnostics,
    fail,
    load_data_for,
    load_pack_arg,
    read_input,
    schema_by_ref,
)
from checker.engine.outcomes import Outcomes, judge_all
from checker.errors import CasecheckError, Diagnostic
from checker.model import (
    Context,
)
from checker.report.result import RuleResult
from checker.report.sink import (
    echo,
)


@cli.command("compare")
@click.argument("results", nargs=-1)
@click.option("--history", "history_path", type=click.Path(dir_okay=False),
              help="A history file: compare its runs (by run id or prefix) instead of result files.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def compare_cmd(results, history_path, fmt) -> None:
    """Is practice getting better? Compare an audit with the one before.

    \b
    casecheck compare OLD.json NEW.json          two results (run --format json)
    casecheck compare --history H                each pack's latest run vs its previous
    casecheck compare --history H RUN            that run vs its previous
    casecheck compare --history H RUN_A RUN_B    B against A

    For each rule: improved, declined, unchanged (within half a percentage
    point) or new, and findings repeated from the previous audit.
    """
    import json

    from checker.report.comparison import compare, render_compare
    from checker.report.history import History, load_result

    pairs: list[tuple[dict, dict | None]] = []  # (current, previous: None for a pack's first run)
    try:
        if history_path is None:
            if len(results) != 2:
                fail([Diagnostic("give two result files (OLD NEW), or --history", code="bad-option")])
            old, new = load_result(results[0]), load_result(results[1])
            pairs.append((new, old))
        else:
            with History(history_path) as h:
                if len(results) == 0:
                    packs = sorted({r["pack"] for r in h.runs()})
                    for pack_name in packs:
                        latest = h.get(h.runs(pack_name)[-1]["run_id"])
                        pairs.append((latest, h.previous(latest)))
                elif len(results) == 1:
                    cur = h.get(h.resolve(results[0]))
                    pairs.append((cur, h.previous(cur)))
                elif len(results) == 2:
                    pairs.append((h.get(h.resolve(results[1])), h.get(h.resolve(results[0]))))
                else:
                    fail([Diagnostic("give at most two run ids", code="bad-option")])
    except CasecheckError as exc:
        fail(exc.diagnostics)
    if not pairs:
        fail([Diagnostic(f"the history {history_path} has no runs yet", code="no-runs")])
    comparisons = [compare(cur, prev) for cur, prev in pairs]
    if fmt == "json":
        click.echo(json.dumps(comparisons if len(comparisons) > 1 else comparisons[0], indent=2, ensure_ascii=False))
    else:
        for (cur, _), comp in zip(pairs, comparisons):
            echo(render_compare(comp, cur))


@cli.command("history")
@click.argument("history_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--pack", "pack_name", help="Only this pack's runs.")
@click.option("--check", is_flag=True, help="Also check the file's integrity.")
def history_cmd(history_path, pack_name, check) -> None:
    """List the runs recorded in a history file."""
    from tabulate import tabulate

    from checker.report.history import History

    try:
        with History(history_path) as h:
            rows = [[r["run_id"][:12], r["pack"], r.get("pack_version") or "", r["as_at"], r.get("data") or "", r.get("rules", "")]
                    for r in h.runs(pack_name)]
            echo(tabulate(rows, headers=["run", "pack", "version", "as at", "data", "rules"], tablefmt="simple"))
            if check:
                click.echo(f"integrity: {h.check()}")
    except CasecheckError as exc:
        fail(exc.diagnostics)


@cli.command("audit-grades")
@click.argument("audits", type=click.Path(exists=True))
@click.option("--pack", "pack_ref", help="Also run this pack over --data and list the rule failures on each case graded inadequate.")
@click.option("--data", type=click.Path(), help="Case data for --pack (default: AUDITS).")
@click.option("--as-at", "as_at", type=DATE, help="The reference date (required with --pack).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def audit_grades_cmd(audits, pack_ref, data, as_at, fmt) -> None:
    """The case-grade distribution of a QA audit: overall and by team, the
    share good or better, moderation agreement and changed grades, and every
    case graded inadequate (with its rule failures, given --pack)."""
    import json

    from checker.api import unavailable
    from checker.tools.audit_template import (
        TABLE,
        accounting,
        failures_by_child,
        grade_summary,
        read_back,
        render_grade_summary,
    )

    if pack_ref and as_at is None:  # said before anything is read
        fail([Diagnostic("--pack needs --as-at", code="bad-option")])
    p = load_pack_arg(pack_ref) if pack_ref else None
    schema = p.schema if p is not None else schema_by_ref("csc")
    if str(audits).endswith(".xlsx"):
        loaded_audits = read_back(Path(audits), schema, as_at)
    else:
        loaded_audits = read_input(schema, audits, None, as_at)
    if loaded_audits.diagnostics.errors:
        fail(loaded_audits.diagnostics.items)
    echo_diagnostics(loaded_audits.diagnostics.items)
    rows = accounting(loaded_audits)
    if rows["audits"] == 0:
        if rows["rows"] and rows["not_filled_in"] == rows["rows"]:
            fail([Diagnostic(
                f"{audits}: none of its {rows['rows']} case{'s' if rows['rows'] != 1 else ''} is filled in yet "
                "(audit_date is blank in every row)", code="no-audits",
                suggestion="the auditors fill in audit_date, the answers and the grade; then run audit-grades on it")])
        fail([Diagnostic(f"{audits}: no case audit could be read ({rows['rows']} rows, {rows['rejected']} rejected)",
                          code="no-audits")])
    failures = None
    if p is not None:
        audit_ids = {r.key for r in loaded_audits.dataset.tables.get(TABLE, ())}
        source = data or audits
        loaded, runnable, _ = load_data_for(p, source, p.rules, False, None, as_at, skip_unavailable=True)
        ctx = Context(loaded.dataset, p.calendar, as_at, p.params)
        separate = data is not None and Path(data).resolve() != Path(audits).resolve()
        # This audit's answers are judged from its own workbook, not the case_audits of the data
        # (the council's earlier audits).
        results = [RuleResult(r, Outcomes.of_list(judge_all(r, ctx))) for r in runnable if not (separate and r.subject == TABLE)]
        if separate:
            actx = Context(loaded_audits.dataset, p.calendar, as_at, p.params)
            results += [RuleResult(r, Outcomes.of_list(judge_all(r, actx))) for r in p.rules
                        if r.subject == TABLE and not unavailable(r, loaded_audits, p.schema)]
        from checker.model import Dataset

        rows_by_table = {**loaded.dataset.tables, TABLE: loaded_audits.dataset.tables.get(TABLE, [])}
        failures = failures_by_child(results, Dataset(rows_by_table) if separate else loaded.dataset, audits=audit_ids)
    summary = grade_summary(loaded_audits, failures)
    click.echo(json.dumps(summary, indent=2, ensure_ascii=False, default=str) if fmt == "json" else render_grade_summary(summary))


