"""The editor's web application: routes, the safety checks on every request, page rendering."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import yamledit
from ..errors import ReportgenError
from ..i18n import _
from ..project import Project
from . import safety
from .office import Office
from .web import HERE, page, problems_json


@dataclass
class Editor:
    """What the application keeps for its run."""

    project: Project
    token: str = field(default_factory=safety.new_token)
    hosts: set[str] = field(default_factory=set)
    office: Office = field(default_factory=Office)
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="reportgen-serve-")))


class Guard(BaseHTTPMiddleware):
    """Host, origin and CSRF checks before any route runs; refusals answered in the user's language."""

    async def dispatch(self, request: Request, call_next):
        editor: Editor = request.app.state.editor
        host = request.headers.get("host", "")
        if editor.hosts and host not in editor.hosts:
            return PlainTextResponse(_("this editor answers only to its own address"), status_code=400)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc not in editor.hosts | {host}:
                return JSONResponse({"error": _("refused: the request came from another site")}, status_code=403)
            if not safety.token_matches(request.headers.get(safety.CSRF_HEADER), editor.token):
                return JSONResponse(
                    {"error": _("refused: the page's security token is missing or old; reload the page")},
                    status_code=403,
                )
        try:
            response = await call_next(request)
        except safety.UnsafeRequest as exc:
            return JSONResponse({"error": str(exc)}, status_code=exc.status)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        )
        return response


def refusals(handler):
    """Answer the editor's refusals and the project's located errors as JSON, never a traceback."""

    async def wrapped(request: Request):
        try:
            return await handler(request)
        except safety.UnsafeRequest as exc:
            if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                return page(request, "error.html", status=exc.status, message=str(exc))
            return JSONResponse({"error": str(exc)}, status_code=exc.status)
        except yamledit.EditConflict as exc:
            return JSONResponse({"conflict": True, "problems": problems_json(exc.problems)}, status_code=409)
        except ReportgenError as exc:
            problems = exc.problems or []
            return JSONResponse(
                {"error": exc.format_message(), "problems": problems_json(problems)},
                status_code=422,
            )

    return wrapped


async def home(request: Request):
    return RedirectResponse("/cases", status_code=303)


async def not_found(request: Request, exc):
    return PlainTextResponse(_("not found"), status_code=404)


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette):
    yield
    editor: Editor = app.state.editor
    editor.office.close()
    shutil.rmtree(editor.work, ignore_errors=True)


def create_app(project: Project, *, hosts: set[str] | None = None, token: str | None = None) -> Starlette:
    """Return the editor's application for `project`."""
    from . import routes_cases, routes_documents

    editor = Editor(project)
    if token:
        editor.token = token
    editor.hosts = hosts if hosts is not None else set()
    routes = [
        Route("/", home),
        *routes_cases.routes(refusals),
        *routes_documents.routes(refusals),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard)],
        exception_handlers={404: not_found},
        lifespan=_lifespan,
    )
    app.state.editor = editor
    return app


def file_response(path: Path, media_type: str, filename: str) -> Response:
    return FileResponse(path, media_type=media_type, filename=filename)
