# SPDX-License-Identifier: Apache-2.0
"""`python3 -m rtvsim.plot KIND ...`, the same as tools/plot/rtvplot.py."""
import sys

from .cli import main

sys.exit(main())
