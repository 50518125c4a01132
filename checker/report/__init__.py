"""Results out: one versioned result model and everything rendered from it.

``result`` is the model; ``findings`` places rules in the framework's
categories and grades the areas; ``terminal`` and ``documents`` render it
(table, JSON, Markdown, letter, HTML, Excel, CSV) with ``jsonout``;
``history`` keeps runs and compares them; ``redact`` pseudonymises output.
"""
