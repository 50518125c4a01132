"""Results out: one versioned result model and everything rendered from it.

``result`` is the model; ``findings`` places rules in the framework's
categories, ``themes`` groups failures into thematic priority actions and
points to improve, ``grading`` grades the areas; ``view`` is the model the
templated reports read; ``terminal``, ``documents`` (Markdown, HTML),
``letter`` (the framework's products) and ``tabular`` (Excel, CSV,
Parquet) render it, with ``jsonout`` for JSON;
``history`` keeps runs and compares them; ``redact`` pseudonymises output.
"""
