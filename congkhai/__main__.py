"""`python -m congkhai ...`: the command line (congkhai.cli)."""

import sys

from .cli import main

sys.exit(main())
