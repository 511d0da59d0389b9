# SPDX-License-Identifier: Apache-2.0
"""The plot tool: one module per figure kind, shared helpers in common, the command line in cli."""
