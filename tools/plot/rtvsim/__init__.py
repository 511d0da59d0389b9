# SPDX-License-Identifier: Apache-2.0
"""rtvsim's Python side: read run and sweep directories into pandas (load_run, load_sweep) and
draw the figures (rtvsim.plot, run as `rtvsim plot KIND ...`)."""
from .reader import FormatError, Run, Sweep, load_run, load_sweep, parse_int

__all__ = ["FormatError", "Run", "Sweep", "load_run", "load_sweep", "parse_int"]
