"""`python -m engine.cli` runs the same command line as `lanthorn`."""

import sys

from engine.cli import main

sys.exit(main())
