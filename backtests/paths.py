"""Where the checkout lives: the one low module every layer reads PROJECT_ROOT from.

It sits below everything (it imports nothing of the project) so the data layer, the runner and
the report need not import the package face, which stands above them all.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
