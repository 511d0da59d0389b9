"""Command line: one argparse subcommand per plot module.

To add a plot (e.g. sweep): write rtvplot/<name>.py with NAME, HELP, add_arguments(parser)
and run(args) -> exit status, and append the module to COMMANDS.
"""
import argparse

from . import common, cpu_usage, drift, jobs, sweep

COMMANDS = [cpu_usage, drift, jobs, sweep]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rtvplot", description="Plots of rtvsim run directories.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMANDS:
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except common.PlotError as e:
        parser.exit(2, "rtvplot %s: error: %s\n" % (args.command, e))
