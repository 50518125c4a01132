"""``python -m checker.cli``: the ``casecheck`` command."""

from checker.cli import main

main()
