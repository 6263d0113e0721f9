"""qe-playbook framework: data store, point-in-time panel, engine, episodes, reports, CLI."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

__all__ = ["PROJECT_ROOT"]
