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

    from ..errors import ReportgenError
    from ..project import Project
    from .app import create_app
    from .safety import allowed_hosts, check_bind_address

    warning = check_bind_address(host, allow_network=allow_network)
    if warning:
        click.echo(warning, err=True)
    project = Project(root.resolve())
    if not project.data_dir.is_dir():
        raise ReportgenError(
            _("{folder} has no data/ folder: start the editor in a reportgen project").format(folder=root.resolve())
        )
    app = create_app(project, hosts=allowed_hosts(host, port, allowed_host) if not allow_network else set())
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown_host}:{port}/cases"
    if _port_taken(host, port):
        if _editor_answers(shown_host, port):
            # started a second time (a second double-click): show the one that runs
            click.echo(_("the editor is already running at {url}").format(url=url), err=True)
            if open_browser:
                webbrowser.open(url)
            return
        raise ReportgenError(
            _("port {port} is used by another program: start the editor with --port and another number").format(
                port=port
            )
        )
    click.echo(_("the editor is at {url} (Ctrl+C stops it)").format(url=url), err=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def _port_taken(host: str, port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def _editor_answers(host: str, port: int) -> bool:
    """Return whether the program on `port` is a reportgen editor (its style sheet says so)."""
    import http.client

    try:
        connection = http.client.HTTPConnection(host, port, timeout=3)
        connection.request("GET", "/static/editor.css")
        body = connection.getresponse().read(200)
        connection.close()
    except OSError:
        return False
    return b"reportgen editor" in body


def _streams_for_a_window() -> None:
    """Started without a terminal (pythonw, a double-click): write messages to a log file instead."""
    import os
    import sys
    import tempfile

    if sys.stdout is None or sys.stderr is None:
        log = open(os.path.join(tempfile.gettempdir(), "reportgen-editor.log"), "a", encoding="utf-8")  # noqa: SIM115
        sys.stdout = sys.stdout or log
        sys.stderr = sys.stderr or log


def editor_main() -> None:
    """`reportgen-editor`: the editor for the project in the current folder (or the one given), browser opened."""
    import sys

    from ..errors import ReportgenError
    from ..i18n import set_language

    _streams_for_a_window()
    set_language(None)
    args = sys.argv[1:]
    root = Path(args[0]) if args else Path.cwd()
    try:
        serve_editor(root)
    except ReportgenError as exc:
        exc.show()
        _show_error_window(exc.format_message())
        sys.exit(1)


def _show_error_window(text: str) -> None:
    """Show a message in a window on Windows, where a double-clicked editor has no terminal to print it in."""
    import os
    import sys

    if os.name != "nt" or (sys.stdin is not None and sys.stdin.isatty()):
        return
    try:
        import ctypes

        ctypes.windll.user32.MessageBoxW(0, text, "reportgen", 0x10)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        pass


if __name__ == "__main__":
    editor_main()
