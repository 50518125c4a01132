"""Case data in: every supported format read into typed, accounted records.

``readers`` holds one reader (and writer) per input format and the format
detection (a large format is split by job: ``annex_a`` reads, ``annex_a_lists``
says what each list holds, ``annex_a_values`` reads cells, ``annex_a_sheets``
checks sheets (hint rows, hidden or copied lists, missing lists), ``annex_a_write``
writes; ``ssda903`` finds and reads the files, ``ssda903_files`` turns each
file's rows into records, ``ssda903_derive`` collapses episodes and places
OC2, ``ssda903_write`` writes; ``ssda903_xml`` reads the return's XML form
into the ``ssda903`` schema, ``ssda903_xml_write`` writes it); ``coerce`` turns a raw cell into a typed value or a reason it does
not fit; ``load`` drives a reader, rejects and counts rows, and checks the
records' integrity (every row read is evaluated, excluded or rejected), and
keeps what a return format did not carry across ``casecheck convert``.
"""
