"""Case data in: every supported format read into typed, accounted records.

``readers`` holds one reader (and writer) per input format and the format
detection; ``coerce`` turns a raw cell into a typed value or a reason it does
not fit; ``load`` drives a reader, rejects and counts rows, and checks the
records' integrity (every row read is evaluated, excluded or rejected).
"""
