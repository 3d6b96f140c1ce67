"""What every page and JSON answer of the editor shares: the page templates, reading request bodies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .. import __version__
from ..i18n import _, current_language, ngettext
from . import safety

HERE = Path(__file__).parent
MAX_JSON_BYTES = 2 * 1024 * 1024


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_, ngettext, newstyle=False)  # type: ignore[attr-defined]
    return env


_ENV = _environment()


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    editor = request.app.state.editor
    text = _ENV.get_template(template).render(
        csrf=editor.token, lang=current_language(), version=__version__, path=request.url.path, **values
    )
    return HTMLResponse(text, status_code=status)


def problems_json(problems) -> list[dict]:
    return [
        {
            "field": None,
            "message": p.message,
            "hint": p.hint,
            "line": p.location.line,
            "column": p.location.column,
            "severity": p.severity,
            "where": _("line {line}, column {column}").format(line=p.location.line, column=p.location.column)
            if p.location.line
            else "",
        }
        for p in problems
    ]


async def read_json(request: Request) -> dict:
    body = await read_body(request, MAX_JSON_BYTES)
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise safety.UnsafeRequest(_("the request is not valid JSON")) from None
    if not isinstance(data, dict):
        raise safety.UnsafeRequest(_("the request is not valid JSON"))
    return data


async def read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limit):
        raise safety.UnsafeRequest(_("the file is larger than {limit} MB").format(limit=limit // 1024 // 1024), 413)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise safety.UnsafeRequest(_("the file is larger than {limit} MB").format(limit=limit // 1024 // 1024), 413)
        chunks.append(chunk)
    return b"".join(chunks)
