#!/usr/bin/python3
"""rtvplot: plots of rtvsim run directories (see tools/plot/README.md).

Usage: /usr/bin/python3 tools/plot/rtvplot.py COMMAND ... (--help lists the commands)
"""
import os
import sys

# The rtvplot package sits next to this script; a package directory takes precedence over this file
# when 'import rtvplot' searches the script's directory.
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from rtvplot.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
