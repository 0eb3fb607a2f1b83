"""``python -m web.cli.main``: the same as the ``kasane`` command."""

import sys

from web.cli.main import main

sys.exit(main())
