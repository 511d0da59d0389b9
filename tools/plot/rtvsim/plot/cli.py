# SPDX-License-Identifier: Apache-2.0
"""Command line: one argparse subcommand per plot module.

To add a plot: write rtvsim/plot/<name>.py with NAME, HELP, add_arguments(parser) and
run(args) -> exit status, and append the module to COMMANDS.
"""
import argparse
import os

from .. import reader
from . import common, cpu_usage, drift, jobs, sweep

COMMANDS = [cpu_usage, drift, jobs, sweep]


def main(argv=None, prog="rtvplot"):
    parser = argparse.ArgumentParser(prog=prog, description="Figures of rtvsim run and sweep directories.",
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="The plot tool in use: %s" % os.path.dirname(os.path.abspath(__file__)))
    sub = parser.add_subparsers(dest="command", metavar="KIND")
    sub.required = True
    for module in COMMANDS:
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    args = parser.parse_args(argv)
    try:
        # Styles (--style, --font-size) apply to this figure only, also when called in-process.
        with common.matplotlib.rc_context():
            return args.run(args)
    except (common.PlotError, reader.FormatError) as e:
        parser.exit(2, "%s %s: error: %s\n" % (prog, args.command, e))
