"""Entry point of the ``reportedly`` command."""

from __future__ import annotations

import importlib
import os
import sys

from reportedly.cliapp import app, fail
from reportedly.errors import ReportedlyError

#: command modules, registered in this order (their commands appear in --help)
COMMAND_MODULES = (
    "reportedly.commands.read",
    "reportedly.commands.corpus",
    "reportedly.commands.evaluate",
    "reportedly.commands.link",
    "reportedly.commands.serve",
    "reportedly.commands.workbench",
    "reportedly.commands.scale",
)


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # A module not written yet (or an optional extra not installed)
            # must not take the other commands down with it.
            if exc.name is not None and exc.name.startswith("reportedly.commands"):
                continue
            raise


def main() -> None:
    _register()
    try:
        app()
    except ReportedlyError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", code=130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug of ours: still one line, with the way to the traceback
        if os.environ.get("REPORTEDLY_DEBUG"):
            raise
        fail(f"internal error ({type(exc).__name__}: {exc}); rerun with REPORTEDLY_DEBUG=1 for the traceback")


if __name__ == "__main__":
    main()
