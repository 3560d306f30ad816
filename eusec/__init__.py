"""eusec: a knowledge graph of EU internal-security files."""

from pathlib import Path

__version__ = "0.1.0"

_HERE = Path(__file__).resolve().parent

#: Where the package's folders (graph/, ingest/, api/, queries/, browser/, samples/) sit: inside the
#: package when installed from the wheel, beside this folder in a source checkout.
RESOURCE_ROOT = _HERE if (_HERE / "queries").is_dir() else _HERE.parent

#: Scripts and tests of the checkout use this name; it is the same folder.
PROJECT_ROOT = RESOURCE_ROOT


def resource(*parts: str) -> Path:
    """A shipped file or folder by its path under the project's folders, e.g. ``resource("queries")`` or
    ``resource("samples", "iss-sample-9999-26.txt")``: the same call in a checkout and in an installed wheel."""
    return RESOURCE_ROOT.joinpath(*parts)


def default_data_dir() -> Path:
    """``data/`` of the source checkout when run from one, else the user's data folder (platformdirs)."""
    if RESOURCE_ROOT != _HERE and (RESOURCE_ROOT / "pyproject.toml").is_file():
        return RESOURCE_ROOT / "data"
    from platformdirs import user_data_path

    return user_data_path("eusec", appauthor=False)
