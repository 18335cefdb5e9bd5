"""`python -m registry` is the `registry` command."""

import sys

from registry.cli import main

sys.exit(main())
