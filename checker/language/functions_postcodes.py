"""The postcode functions: distance between two postcodes, whether a postcode
is in the ONS Postcode Directory, and the local authority it is in, as the
DfE's SSDA903 validator derives PL_DISTANCE, PL_LOCATION and PL_LA
(:mod:`checker.postcodes` reads the reference data and says the DfE's
arithmetic). Each needs that reference data (``needs``): without it a rule
calling one is listed as not run, never passed.

In SQL the directory is a reference table (``cc_postcodes``: the postcode
normalised, easting, northing, district, LA of placement) that the SQL engine loads with
the postcodes the data holds, and each call is a lookup in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker import postcodes
from checker import typesys as T
from checker.language.registry import Form, SqlContext, register, strict
from checker.language.sqlexpr import ascii_upper, case, cast, col, is_null, lit, paren, subquery
from checker.lazyimport import lazy

if TYPE_CHECKING:
    from sqlglot import exp
else:
    exp = lazy("sqlglot.expressions")  # imported by the first SQL built (checker.lazyimport)


def _texts(n: int, result: T.Type):
    """``n`` arguments, each a string or a code (a postcode as sent)."""

    def check(args):
        if len(args) != n:
            return None, f"takes {n} argument{'s' if n != 1 else ''}, not {len(args)}", None
        for i, got in enumerate(args):
            if got.kind not in ("string", "code"):
                return None, f"argument {i + 1} must be a postcode (a string), not {T.describe(got)}", i
        return result, None, None

    check.forms = (Form(("text",) * n, result.kind),)  # type: ignore[attr-defined]
    return check


def _directory_needed() -> str | None:
    why = postcodes.missing()
    return None if why is None else f"{postcodes.NEEDS}: {why}"


def _read(fn):
    """``fn`` over the installed directory; without it an error (availability keeps such a rule from running)."""

    def impl(ctx, *args):
        why = postcodes.missing()
        if why is not None:
            raise postcodes.ReferenceDataMissing(f"{postcodes.NEEDS}: {why}")
        return fn(*args)

    return strict(impl)


def _normalised(q: SqlContext, text: exp.Expression) -> exp.Expression:
    """A postcode as the directory is matched (a-z in capitals, spaces removed), as :func:`postcodes.normalise`."""
    upper = ascii_upper(text, q.dialect)
    return exp.Anonymous(this="REPLACE", expressions=[upper, exp.Literal.string(" "), exp.Literal.string("")])


def _table(alias: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(postcodes.SQL_TABLE), alias=exp.TableAlias(this=exp.to_identifier(alias)))


def _lookup(q: SqlContext, text: exp.Expression, column: str, alias: str = "cc_pc") -> exp.Expression:
    """The directory's ``column`` for the postcode ``text`` (NULL when it is not there)."""
    return subquery(exp.select(col(column, alias)).from_(_table(alias)).where(
        exp.EQ(this=col("pcd", alias), expression=_normalised(q, text))))


def _distance_sql(q: SqlContext, a: exp.Expression, b: exp.Expression) -> exp.Expression:
    """ROUND(SQRT(dE^2 + dN^2) / 1000 / 1.6093, 1) between the two postcodes' grid references."""
    def sq(c: str) -> exp.Expression:
        d = exp.Sub(this=cast(col(c, "cc_pa"), "DOUBLE"), expression=cast(col(c, "cc_pb"), "DOUBLE"))
        return exp.Mul(this=paren(d), expression=paren(d.copy()))

    root = exp.Sqrt(this=exp.Add(this=sq("east"), expression=sq("north")))
    miles = exp.Div(this=exp.Div(this=root, expression=lit(1000)), expression=exp.Literal.number("1.6093"))
    rounded = exp.Round(this=cast(miles, "DECIMAL(38,10)"), decimals=exp.Literal.number(1))
    sel = exp.select(rounded).from_(_table("cc_pa")).join(_table("cc_pb"), join_type="cross").where(
        exp.and_(exp.EQ(this=col("pcd", "cc_pa"), expression=_normalised(q, a)),
                 exp.EQ(this=col("pcd", "cc_pb"), expression=_normalised(q, b))))
    # once per record: a rule compares one distance several times (453: two
    # of them, each read three times), and a subquery is a join in the plan
    return q.once(subquery(sel))


def _known_sql(q: SqlContext, p: exp.Expression) -> exp.Expression:
    p = q.once(p)
    found = exp.Exists(this=exp.select(exp.Literal.number(1)).from_(_table("cc_pc")).where(
        exp.EQ(this=col("pcd", "cc_pc"), expression=_normalised(q, p))))
    return case((is_null(p), exp.Null()), default=found)


def _scalar(build):
    def sql(q: SqlContext, node, env):
        return build(q, *[q.scalar(a, env) for a in node.args])

    return sql


register(
    "postcode_distance",
    "postcode_distance(a, b)",
    "Miles between two postcodes' grid references in the ONS Postcode Directory, to 1 decimal place, as the "
    "DfE works out the 903's distance from home (straight line in km / 1.6093): postcode_distance(home_post, "
    "pl_post) > 350. Missing if either is missing or not in the directory. Needs the postcode reference data "
    "(`pip install 'casecheck[postcodes]'`); without it a rule calling it is not run.",
    _texts(2, T.DECIMAL),
    _read(postcodes.distance),
    sql=_scalar(_distance_sql),
    needs=_directory_needed,
)
register(
    "postcode_known",
    "postcode_known(p)",
    "True when the postcode (any case; spaces ignored) is in the ONS Postcode Directory. Missing if it is missing. "
    "Needs the postcode reference data, as postcode_distance.",
    _texts(1, T.BOOLEAN),
    _read(postcodes.known),
    sql=_scalar(_known_sql),
    needs=_directory_needed,
)
register(
    "postcode_district",
    "postcode_district(p)",
    "The ONS code of the district (lower-tier local authority) a postcode is in, as the directory gives it "
    "(E07000178; S12000036 in Scotland). Missing if the postcode is missing or not in the directory, or the directory "
    "gives it no district. Needs the postcode reference data, as postcode_distance.",
    _texts(1, T.STRING),
    _read(postcodes.district),
    sql=_scalar(lambda q, p: _lookup(q, p, "district")),
    needs=_directory_needed,
)
register(
    "postcode_la",
    "postcode_la(p)",
    "The local authority a postcode is in, as the DfE derives the 903's LA of placement: the upper-tier "
    "authority's code (E10000014) by the ONS 2021 lookup, or SCO, WAL, NIR for Scotland, Wales, Northern "
    "Ireland. Missing if the postcode is missing or not in the directory, or its district is not in the lookup. "
    "Needs the postcode reference data, as postcode_distance.",
    _texts(1, T.STRING),
    _read(postcodes.local_authority),
    sql=_scalar(lambda q, p: _lookup(q, p, "la")),
    needs=_directory_needed,
)
