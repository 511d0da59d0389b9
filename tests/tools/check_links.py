#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The documentation stands on its own:

1. every relative link and image of every Markdown file in the repository resolves to a file or
   directory of the repository (links to web pages and in-page anchors are not followed);
2. no file of the repository cites the project's internal design notes (DESIGN.md, the
   reference/ notes), which are not part of it: sources are cited directly (the paper, the
   Xen-ARM files, the ARM manuals) or through docs/architecture.md.

Usage: check_links.py --source-dir SRC
"""
import argparse
import os
import re
import subprocess
import sys

# [text](target "title") and ![alt](target); reference definitions [label]: target
INLINE = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]*`")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, https:, mailto:, ...
INTERNAL_NOTES = re.compile(r"DESIGN\.md|/work/shared|\breference/[\w.-]+\.(?:md|txt)\b")
SKIP_DIRS = {".git", "out"}
TEXT_EXTENSIONS = {".md", ".yaml", ".yml", ".cpp", ".hpp", ".h", ".c", ".S", ".s", ".py", ".sh", ".txt", ".cmake",
                   ".cff", ".json", ".ld"}
THIS_FILE = os.path.abspath(__file__)


def repository_files(root):
    """The files git would track (tracked, or new and not ignored), or without git every file
    outside build directories."""
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, check=True).stdout
        files = [f for f in out.decode().split("\0") if f]
        if files:
            return [f for f in files if os.path.exists(os.path.join(root, f))]
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []
    for directory, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith("build")]
        files += [os.path.relpath(os.path.join(directory, n), root) for n in names]
    return files


def links(text):
    text = CODE_SPAN.sub("", FENCE.sub("", text))
    return INLINE.findall(text) + DEFINITION.findall(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source-dir", required=True)
    root = os.path.abspath(parser.parse_args().source_dir)
    files = repository_files(root)
    broken, citations, checked = [], [], 0
    for rel in files:
        path = os.path.join(root, rel)
        if os.path.abspath(path) == THIS_FILE:
            continue
        name = os.path.basename(rel)
        if os.path.splitext(name)[1] not in TEXT_EXTENSIONS and name not in ("CMakeLists.txt", "README"):
            continue
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if INTERNAL_NOTES.search(line):
                citations.append("%s:%d: %s" % (rel, number, line.strip()))
        if not rel.endswith(".md"):
            continue
        for target in links(text):
            if EXTERNAL.match(target) or target.startswith("#"):
                continue
            checked += 1
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), target.split("#")[0]))
            if not resolved.startswith(root) or not os.path.exists(resolved):
                broken.append("%s: %s" % (rel, target))
    for item in broken:
        print("broken link: " + item, file=sys.stderr)
    for item in citations:
        print("cites a note that is not in the repository: " + item, file=sys.stderr)
    if broken or citations:
        return 1
    print("PASS: %d relative links resolve in %d Markdown files; no citation of notes outside the repository"
          % (checked, sum(1 for f in files if f.endswith(".md"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
