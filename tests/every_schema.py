"""A schema with every field kind, a composite key, an optional key, a date
order and a relation: the random small folders of test_csv_duckdb.py and
test_parquet.py are written against it."""

EVERY_SCHEMA_YAML = """
name: every
version: 1
code_sets:
  colour: {R: Red, G: Green, "1": One}
tables:
  parents:
    key: [pid]
    date_order: ["start <= end"]
    fields:
      pid: {type: string, required: true}
      start: {type: date, required: true}
      end: date
      born: {type: date, future: true}
      colour: {type: code, codes: colour}
      n: integer
      flag: boolean
      note: string
      at: datetime
  kids:
    key: [pid, seq]
    fields:
      pid: {type: string, required: true}
      seq: {type: integer, required: true}
      when: date
      ok: boolean
  dated:
    key: [day]
    fields:
      day: {type: date}
      label: string
relations:
  - {from: kids.pid, to: parents.pid, name: parent, inverse: kids}
"""
