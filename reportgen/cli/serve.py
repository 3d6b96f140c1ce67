"""`reportgen serve`: the web editor for cases, reports and briefs, on this computer."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _
from ..serve.run import DEFAULT_PORT, serve_editor


@click.command(help=_("Open the web editor for cases, reports and briefs (on this computer only)."))
@click.option(
    "--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True, help=_("Port to listen on.")
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help=_("Interface to listen on; other than 127.0.0.1 only with --allow-network."),
)
@click.option(
    "--allow-network",
    is_flag=True,
    help=_(
        "Allow listening on an interface other computers can reach (there are no accounts: use a reverse proxy with a login)."
    ),
)
@click.option(
    "--allowed-host",
    multiple=True,
    help=_("A host name the editor answers to besides localhost (the reverse proxy's), may be repeated."),
)
@click.option("--no-browser", is_flag=True, help=_("Do not open the browser."))
@click.option(
    "--project",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help=_("The project folder (default: the current folder)."),
)
def serve(port, host, allow_network, allowed_host, no_browser, root):
    serve_editor(
        root, host=host, port=port, allow_network=allow_network, open_browser=not no_browser, allowed_host=allowed_host
    )
