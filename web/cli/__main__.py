"""``python -m web.cli.main``: the same as the ``kasane`` command."""

from web.cli.main import main

main()
