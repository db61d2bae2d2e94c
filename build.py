#!/usr/bin/env python3
"""Build the lecture site: python build.py [all|slides|handouts|check|serve] [--clean]. See --help."""
import sys

from lecturekit.cli import main

if __name__ == "__main__":
    sys.exit(main())
