"""Commands that make or reshape data: generate, convert, sample, template."""


from __future__ import annotations

from pathlib import Path

import click

from checker.api import (
    DUCKDB_MEMORY_LIMIT,
)
from checker.cli.app import (
    DATE,
    INPUT_FORMATS,
    SOURCE_MANIFEST,
    Step,
    cli,
    echo_diagnostics,
    fail,
    load_pack_arg,
    only_tables,
    publish,
    read_input,
    schema_by_ref,
    staging,
    write_atomic,
    write_rejects,
    wrote,
)
from checker.data.readers import FORMATS, tabular_formats
from checker.errors import CasecheckError, Diagnostic
from checker.report.sink import (
    echo,
)


@cli.command()
@click.option("--children", type=click.IntRange(1, 2_000_000), default=300, show_default=True, help="Children in the case population.")
@click.option("--seed", type=int, default=2025, show_default=True, help="Random seed: the same seed gives the same bytes.")
@click.option("--profile", type=click.Choice(["good", "adequate", "inadequate"]), default="adequate", show_default=True,
              help="How often practice problems are planted.")
@click.option("--as-at", "as_at", type=DATE, default="2025-03-31", show_default=True, help="The end of the generated year.")
@click.option("--out", type=click.Path(), required=True, help="Folder (or for xlsx, annex-a and cin-xml, a file) to write.")
@click.option("--format", "fmt", type=click.Choice(INPUT_FORMATS), default="csv", show_default=True)
@click.option("--census-problems", is_flag=True,
              help="cin-xml: also plant CIN census data-quality problems (listed in <out>.census-problems.json).")
@click.option("--with-previous", is_flag=True,
              help="ssda903: also write the previous year's return to <out>/previous, consistent with this year's but for "
              "planted year-to-year disagreements (listed in <out>/previous/planted.json), for `run --previous`; both "
              "returns then hold only the episodes open in their year, as real returns do.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display and no `wrote FILE` lines on standard error.")
def generate(children: int, seed: int, profile: str, as_at, out: str, fmt: str, census_problems: bool = False,
             quiet: bool = False, with_previous: bool = False) -> None:
    """Write a fictional council's year of case data (synthetic; no real names).

    Contacts flow to referrals, assessments, strategy discussions, section 47
    enquiries, conferences, plans, visits, periods of care, reviews and
    supervision, with practice problems planted at the profile's rates.
    truth.json lists, for each planted problem, the records that carry it.
    """
    from checker.tools.generate import generate as make
    from checker.tools.generate import write_csv, write_truth

    if with_previous and fmt not in ("ssda903", "ssda903-xml"):
        fail([Diagnostic("--with-previous writes the previous year's SSDA903 return: use it with --format ssda903 or ssda903-xml",
                         code="bad-option")])
    with Step(f"generating a council of {children:,} children"):
        council = make(children, seed, profile, as_at)
    target = Path(out)
    step = Step(f"writing {out} ({fmt})")
    step.__enter__()
    if fmt == "csv":
        write_csv(council, target)
    elif fmt == "cin-xml":  # dressed as a 2024/25 return (checker.tools.generate.census_dress)
        import json

        from checker.tools.generate import write_census

        planted = write_census(council, target, plant=census_problems)
        write_truth(council, target.parent / f"{target.stem}.truth.json")
        if census_problems:
            write_atomic(target.parent / f"{target.stem}.census-problems.json", json.dumps(planted, indent=2, sort_keys=True) + "\n")
    else:
        from checker.data.readers import writer
        from checker.schema import builtin_schema_path, load_schema

        schema = load_schema(builtin_schema_path("csc"))
        if fmt == "ssda903-xml" and with_previous:  # both years as XML (<out>, <out stem>-previous.xml)
            from checker.data.readers.ssda903_xml_write import write_with_previous

            write_with_previous(council.tables, schema, target, as_at, seed)
        else:
            writer(fmt)(council.tables, schema, target, as_at)
        if with_previous and fmt == "ssda903":  # both years as real returns: only the episodes open in each year
            from checker.data.readers.ssda903_previous import (
                trim_to_year,
                write_previous,
            )

            write_previous(target, target / "previous", as_at, seed)
            trim_to_year(target, as_at)
        folder = FORMATS[fmt].folder
        write_truth(council, target / "truth.json" if folder else target.parent / f"{target.stem}.truth.json")
    step.__exit__(None, None, None)
    rows = sum(len(v) for v in council.tables.values())
    n_children = len(council.tables.get("children", ()))
    what = {
        "annex-a": f"an Ofsted Annex A workbook, lists 1 and 3-9 (8 lists), from {rows:,} records of {n_children:,} children",
        "cin-xml": f"a CIN census return of {n_children:,} children, from {rows:,} records",
        "ssda903": f"SSDA903 return files from {rows:,} records of {n_children:,} children",
        "ssda903-xml": f"an SSDA903 XML return from {rows:,} records of {n_children:,} children",
        "xlsx": f"{rows:,} records on {len(council.tables)} sheets, one per table",
    }.get(fmt, f"{rows:,} records across {len(council.tables)} tables")
    click.echo(f"wrote {what} to {out} ({fmt}, {profile}, seed {seed})")
    wrote(out)


@cli.command()
@click.argument("data", type=click.Path())
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Folder to write the tables into.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="The data's format, if not detected from its content.")
@click.option("--schema", "schema_ref", default="csc", show_default=True, help="Built-in schema name or path to a schema YAML.")
@click.option("--as-at", "as_at", type=DATE, help="Also report dates after this date.")
@click.option("--to", "to", type=click.Choice(tabular_formats()), default="csv", show_default=True,
              help="csv: the native <table>.csv folder; jsonl; parquet: <table>.parquet files with typed columns.")
def convert(data: str, out: str, input_format, schema_ref: str, as_at, to: str) -> None:
    """Write any supported input out as the native CSV folder (or JSON lines, or Parquet).

    Shows exactly what casecheck understood: one <table>.csv per schema table,
    with rejected rows in rejects.csv and the accounting on the terminal.
    With --to parquet, one <table>.parquet per table (dates as DATE, booleans
    as BOOLEAN, whole numbers as BIGINT, text and codes as VARCHAR); a CSV or
    Parquet folder is then read and written by DuckDB without Python rows.
    """
    from checker.data.load import not_carried_manifest
    from checker.data.readers.native import write_csv_folder, write_jsonl_folder
    from checker.schema import load_schema, resolve_schema_path

    try:
        schema = load_schema(resolve_schema_path(schema_ref, Path.cwd()))
    except CasecheckError as exc:
        fail(exc.diagnostics)
    backend = None
    if to == "parquet":  # a CSV or Parquet folder goes straight into DuckDB, and out of it
        from checker.backends import BackendError
        from checker.backends.duckdb import DuckDBBackend

        try:
            backend = DuckDBBackend(memory_limit=DUCKDB_MEMORY_LIMIT)
        except BackendError as exc:
            fail([Diagnostic(str(exc), code="bad-option")])
    try:
        loaded = read_input(schema, data, input_format, as_at, con=backend.con if backend is not None else None)
        if loaded.diagnostics.errors:
            fail(loaded.diagnostics.items)
        echo_diagnostics(loaded.diagnostics.items)
        names = [name for name in schema.tables if name in loaded.accounts]
        final = Path(out)
        target = staging(final)  # written whole into a temporary folder, then renamed (publish)
        # Only the columns the input carries are written, so a rule needing a
        # field the input never had is still reported as not evaluable on the
        # converted folder; tables held only in part are recorded beside them.
        carried = only_tables(schema, names, {t: loaded.absent_fields(t, schema) for t in names})
        if to == "parquet" and loaded.in_database:
            from checker.data.readers.parquet import copy_table

            target.mkdir(parents=True, exist_ok=True)
            for name, table in carried.tables.items():
                if not table.fields:
                    continue
                cols = ", ".join('"' + f.replace('"', '""') + '"' for f in table.fields)
                assert backend is not None  # --to parquet made one above (or failed)
                copy_table(backend.con, f'SELECT {cols} FROM "{name}" ORDER BY _row', target / f"{name}.parquet")
        else:
            tables = {name: [r.values for r in loaded.dataset.tables[name]] for name in names}
            if to == "parquet":
                from checker.data.readers.parquet import write as write_parquet_folder

                write_parquet_folder(tables, carried, target)
            else:
                (write_csv_folder if to == "csv" else write_jsonl_folder)(tables, carried, target)
        write_rejects(target / "rejects.csv", loaded)
        manifest = not_carried_manifest(loaded, schema)  # what the source lacked, for reading it back
        if manifest:
            import json

            write_atomic(target / SOURCE_MANIFEST, json.dumps(manifest, indent=2) + "\n")
        publish(target, final)
    except BaseException as exc:
        import shutil

        if "target" in locals():
            shutil.rmtree(target, ignore_errors=True)
        if isinstance(exc, OSError):  # a full disk, no permission: a clean error, nothing half-written left
            fail([Diagnostic(f"cannot write {out}: {exc.strerror or exc}", code="cannot-write")])
        raise
    finally:
        if backend is not None:
            backend.close()
    for issue in loaded.integrity[:20]:
        echo(f"{issue.file} row {issue.row}: {issue.table} `{issue.key}`: {issue.message}", err=True)
    if len(loaded.integrity) > 20:
        click.echo(f"... and {len(loaded.integrity) - 20} more integrity issues", err=True)
    c = loaded.counts()
    click.echo(
        f"{loaded.format}: rows read {c['read']} = converted {c['evaluated']} + excluded {c['excluded']} + rejected {c['rejected']}; "
        f"{len(names)} tables written to {out}"
    )
    wrote(out)


@cli.command("sample")
@click.option("--data", required=True, type=click.Path(), help="Case data (any input format) with case_allocations and children.")
@click.option("--as-at", "as_at", required=True, type=DATE,
              help="A case is open at this date: an allocation started on or before it and not ended by it.")
@click.option("--size", type=click.IntRange(1), default=80, show_default=True,
              help="Cases to sample; more than the population takes every case (with a note).")
@click.option("--seed", type=int, required=True, help="Random seed: the same data and seed give the same sample.")
@click.option("--stratify", default="team", show_default=True,
              help="A case_allocations field to stratify by (proportional, largest remainder), or `none`.")
@click.option("--population", type=click.Choice(["open", "all"]), default="open", show_default=True,
              help="open: children with a case open at --as-at; all: every child in the children table.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="The data's format, if not detected from its content.")
@click.option("--schema", "schema_ref", default="csc", show_default=True, help="Built-in schema name or path to a schema YAML.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the sample CSV here instead of standard output.")
def sample_cmd(data, as_at, size, seed, stratify, population, input_format, schema_ref, out) -> None:
    """Draw the month's reproducible case sample for QA audit.

    Stratified by team (proportional allocation), the same data and seed
    always give the same cases. Writes audit_id, child_id, team, stratum.
    """
    from checker.tools.sampling import draw_sample, sample_csv_text

    schema = schema_by_ref(schema_ref)
    loaded = read_input(schema, data, input_format, as_at)
    if loaded.diagnostics.errors:
        fail(loaded.diagnostics.items)
    try:
        s = draw_sample(loaded, schema, size, seed, stratify, population, as_at=as_at)
    except ValueError as exc:
        fail([Diagnostic(str(exc), code="bad-sample")])
    text = sample_csv_text(s)
    if out:
        write_atomic(Path(out), text)
        wrote(out)
    else:
        echo(text, nl=False)
    for line in s.describe():
        echo(line, err=True)


@cli.command("template")
@click.argument("pack")
@click.option("--sample", "sample_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The sample CSV written by `casecheck sample`.")
@click.option("--as-at", "as_at", required=True, type=DATE, help="The sample's as-at date (the same inputs give the same bytes).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The case-audit workbook (.xlsx) to write.")
def template_cmd(pack, sample_path, as_at, out) -> None:
    """Write the case-audit workbook a QA team fills in.

    One row per sampled case, a column per auditor question with a dropdown
    of the allowed answers, the auditor's and moderator's grades, and a sheet
    explaining each question and the rules that use its answer. The filled
    workbook is read back as the case_audits table (`run --data audit.xlsx`).
    """
    from checker.tools.audit_template import build_template
    from checker.tools.sampling import read_sample_csv

    p = load_pack_arg(pack)
    try:
        rows = read_sample_csv(sample_path)
        build_template(p, rows, Path(out), as_at)
    except ValueError as exc:
        fail([Diagnostic(str(exc), code="bad-sample")])
    wrote(out, f"{len(rows)} case{'s' if len(rows) != 1 else ''} to audit")


