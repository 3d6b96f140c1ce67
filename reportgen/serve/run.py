"""Starting the editor: the interface check, the application, uvicorn, the browser."""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path

import click

from ..i18n import _

DEFAULT_PORT = 8750


def serve_editor(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    allow_network: bool = False,
    open_browser: bool = True,
    allowed_host: tuple[str, ...] = (),
) -> None:
    """Run the editor for the project at `root` until interrupted."""
    import uvicorn

    from ..project import Project
    from .app import create_app
    from .safety import allowed_hosts, check_bind_address

    warning = check_bind_address(host, allow_network=allow_network)
    if warning:
        click.echo(warning, err=True)
    project = Project(root.resolve())
    if not project.data_dir.is_dir():
        from ..errors import ReportgenError

        raise ReportgenError(
            _("{folder} has no data/ folder: start the editor in a reportgen project").format(folder=root.resolve())
        )
    app = create_app(project, hosts=allowed_hosts(host, port, allowed_host) if not allow_network else set())
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown_host}:{port}/cases"
    click.echo(_("the editor is at {url} (Ctrl+C stops it)").format(url=url), err=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def editor_main() -> None:
    """`reportgen-editor`: the editor for the project in the current folder (or the one given), browser opened."""
    import sys

    from ..errors import ReportgenError
    from ..i18n import set_language

    set_language(None)
    args = sys.argv[1:]
    root = Path(args[0]) if args else Path.cwd()
    try:
        serve_editor(root)
    except ReportgenError as exc:
        exc.show()
        _pause_if_windowed()
        sys.exit(1)


def _pause_if_windowed() -> None:
    """Keep a message readable when the editor was started by double-click (no terminal to read it in)."""
    import os
    import sys

    if os.name == "nt" and sys.stderr is not None and not sys.stdin.isatty():
        try:
            input()
        except (EOFError, OSError):
            pass
