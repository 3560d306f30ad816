"""The ``eusec`` command. Each area registers its own commands (``register(app)``):
ingest/cli.py (extract, ingest), graph/cli.py (stats, clear, queries, query), graph/corpus_cli.py (link, diff,
history), graph/export_cli.py (export), graph/launcher_cli.py (neo4j ...), api/cli.py (serve, up),
ingest/eurlex/cli.py (import eurlex, eurlex fetch). What they share (--store, consoles, row printing) is in
eusec/console.py.
"""

from __future__ import annotations

import sys

import typer

from eusec.api import cli as api_cli
from eusec.errors import EusecError
from eusec.graph import cli as graph_cli
from eusec.graph import corpus_cli, export_cli, launcher_cli
from eusec.ingest import cli as ingest_cli
from eusec.ingest.eurlex import cli as eurlex_cli

app = typer.Typer(
    name="eusec",
    help="A knowledge graph of EU internal-security files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (ingest_cli, graph_cli, corpus_cli, launcher_cli, export_cli, api_cli, eurlex_cli):
    _module.register(app)


def main() -> None:
    """Entry point: run the app, turning any EusecError into one line on stderr and its exit code."""
    try:
        # standalone_mode=False makes click *return* the code of `raise typer.Exit(n)`: honour it.
        rc = app(standalone_mode=False)
        if isinstance(rc, int) and rc != 0:
            sys.exit(rc)
    except EusecError as exc:
        # One line, whatever the driver put in the message (Neo4j's errors span several lines).
        print(f"error: {' '.join(str(exc.message).split())}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print("error: aborted", file=sys.stderr)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:  # usage errors: typer vendors its own click, so check both
        import click

        click_errors: tuple[type[BaseException], ...] = (click.ClickException,)
        try:
            from typer._click.exceptions import ClickException as TyperClickException

            click_errors += (TyperClickException,)
        except ImportError:  # typer versions that use click itself
            pass
        if isinstance(exc, click_errors):
            exc.show()
            sys.exit(getattr(exc, "exit_code", 2))
        raise


if __name__ == "__main__":
    main()
