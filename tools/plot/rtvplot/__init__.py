"""Plots of rtvsim run directories; one module per subcommand, shared helpers in common."""
