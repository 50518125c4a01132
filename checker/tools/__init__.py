"""Tools beside the pipeline: the synthetic council (``generate``), the
reproducible case-audit sample (``sampling``) and the audit workbook
(``audit_template``)."""
