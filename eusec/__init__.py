"""eusec: a knowledge graph of EU internal-security files."""

from pathlib import Path

__version__ = "0.1.0"

#: The project root (the folder holding graph/, ingest/, api/, queries/).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
