"""The case pages: the list, the form, checking as you type, saving, and uploads."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .. import yamledit
from ..errors import Location, Problem, ReportgenError
from ..i18n import _
from . import cases, safety
from .checks import Shown
from .forms import case_fields
from .web import page, read_body, read_json


def _index(request: Request) -> int | None:
    raw = request.query_params.get("i", "")
    return int(raw) if raw.isdigit() else None


async def case_list(request: Request):
    editor = request.app.state.editor
    rows, _problems = cases.case_rows(editor.project)
    params = request.query_params
    chosen = {
        "q": params.get("q", "")[:200],
        "front_line": params.get("front_line", "")[:100],
        "region": params.get("region", "")[:100],
        "start": params.get("from", "")[:10],
        "end": params.get("to", "")[:10],
    }
    shown = cases.filter_rows(rows, **chosen)
    return page(
        request,
        "cases.html",
        groups=cases.grouped(shown),
        total=len(rows),
        shown=len(shown),
        chosen=chosen,
        front_lines=sorted({r.front_line for r in rows if r.front_line}),
        regions=sorted({r.region for r in rows if r.region}),
    )


async def case_form(request: Request):
    editor = request.app.state.editor
    name = request.path_params.get("name")
    if name is None:
        data = {"date": dt.date.today()}
        return page(request, "case_form.html", fields=case_fields(data), name=None, digest="", index=None, file="")
    path = safety.existing_entry(editor.project.cases_dir, safety.entry_name(name))
    index = _index(request)
    editable, base = cases.load_case(path, index)
    data = editable.get(base) if base else editable.data
    return page(
        request,
        "case_form.html",
        fields=case_fields(data),
        name=name,
        digest=editable.digest,
        index=index,
        file=f"data/cases/{path.name}",
    )


def _values(body: dict) -> dict:
    values = body.get("values")
    if not isinstance(values, dict):
        raise safety.UnsafeRequest(_("the request is not valid JSON"))
    return values


async def case_check(request: Request):
    """Check the form's values as the file would hold them; answer the problems by field."""
    editor = request.app.state.editor
    body = await read_json(request)
    name = request.path_params.get("name")
    editable, base, _new = cases.draft_of(editor.project, name, _index(request), _values(body))
    checked = cases.check_case(editor.project, editable, base)
    problems = [p.to_json() for p in checked.problems]
    duplicate = cases.duplicate_id_problem(editor.project, editable, base)
    if duplicate is not None:
        problems.append(Shown("id", duplicate.message, duplicate.hint, 0, 0, "error").to_json())
    return JSONResponse({"problems": problems, "id": editable.get((*base, "id"))})


async def case_save(request: Request):
    editor = request.app.state.editor
    body = await read_json(request)
    name = request.path_params.get("name")
    editable, base, new = cases.draft_of(editor.project, name, _index(request), _values(body))
    if not new and body.get("digest") != editable.digest:
        raise yamledit.EditConflict([yamledit.conflict_problem(editable.path, exists=True)])
    checked = cases.check_case(editor.project, editable, base)
    duplicate = cases.duplicate_id_problem(editor.project, editable, base)
    problems = [p.to_json() for p in checked.problems]
    if duplicate is not None:
        problems.append(Shown("id", duplicate.message, duplicate.hint, 0, 0, "error").to_json())
    if checked.errors or duplicate is not None:
        return JSONResponse(
            {"saved": False, "problems": problems, "error": _("not saved: fix the errors shown beside the fields")},
            status_code=422,
        )
    if new:
        editor.project.cases_dir.mkdir(parents=True, exist_ok=True)
    try:
        digest = editable.save()
        cases.forget_rows()
    except FileExistsError:
        raise yamledit.EditConflict([yamledit.conflict_problem(editable.path, exists=True)]) from None
    stem = editable.path.stem
    url = f"/cases/{stem}" + (f"?i={base[1]}" if base else "")
    return JSONResponse(
        {
            "saved": True,
            "digest": digest,
            "url": url,
            "file": f"data/cases/{editable.path.name}",
            "problems": problems,
            "message": _("saved to {file}").format(file=f"data/cases/{editable.path.name}"),
        }
    )


async def upload(request: Request):
    """Take an uploaded file: a .yaml case into data/cases/ (never overwriting), a material into intake."""
    editor = request.app.state.editor
    filename = request.query_params.get("name", "")
    stem, suffix = safety.upload_name(filename)
    data = await read_body(request, safety.MAX_UPLOAD_BYTES)
    safety.check_upload_content(data, suffix)
    if suffix in (".yaml", ".yml"):
        return _upload_case(editor, stem, data)
    return _upload_material(editor, filename, data)


def _upload_case(editor, stem: str, data: bytes):
    from ..model import LibraryCase
    from .checks import check_text

    folder = editor.project.cases_dir
    path = safety.confined(folder, safety.entry_name(stem))
    checked = check_text(data, path, LibraryCase, editor.project, lint=False)
    if checked.errors:
        return JSONResponse(
            {"saved": False, "problems": [p.to_json() for p in checked.errors], "error": _("not saved")},
            status_code=422,
        )
    folder.mkdir(parents=True, exist_ok=True)
    editable = yamledit.new_file(path, data.decode("utf-8-sig"))
    try:
        editable.save()
        cases.forget_rows()
    except (yamledit.EditConflict, FileExistsError):
        raise ReportgenError(
            [
                Problem(
                    Location(f"data/cases/{path.name}"),
                    _("{file} already exists; nothing was written").format(file=path.name),
                )
            ]
        ) from None
    return JSONResponse({"saved": True, "files": [f"data/cases/{path.name}"]})


def _upload_material(editor, filename: str, data: bytes):
    """Read a county's submission or a 台账 into case files (the importer's intake), never replacing one."""
    import tempfile
    from pathlib import Path

    try:
        from ..importer.intake import intake_file, write_intake
    except ImportError:
        raise safety.UnsafeRequest(
            _("reading cases from {name} is not available in this version yet").format(name=filename), 501
        ) from None
    with tempfile.TemporaryDirectory(prefix="reportgen-upload-") as work:
        path = Path(work) / filename
        path.write_bytes(data)
        try:
            result = intake_file(path, editor.project)
            written = write_intake(result, editor.project.cases_dir)
        except ReportgenError as exc:
            problems = [_as_uploaded(p.format(), str(path), filename) for p in exc.problems]
            return JSONResponse({"saved": False, "error": "\n".join(problems)}, status_code=422)
        notes = [_as_uploaded(line, str(path), filename) for line in result.messages()]
    cases.forget_rows()
    files = [f"data/cases/{p.name}" for p in written]
    return JSONResponse({"saved": bool(files), "files": files, "notes": notes})


def _as_uploaded(text: str, temporary: str, filename: str) -> str:
    """Name the uploaded file as the user knows it, not by its temporary path."""
    import os

    return text.replace(os.path.relpath(temporary), filename).replace(temporary, filename)


async def upload_page(request: Request):
    return page(request, "upload.html", limit=safety.MAX_UPLOAD_BYTES // 1024 // 1024)


def routes(wrap) -> list[Route]:
    return [
        Route("/cases", wrap(case_list)),
        Route("/cases/new", wrap(case_form)),
        Route("/cases/new", wrap(case_save), methods=["POST"]),
        Route("/cases/new/check", wrap(case_check), methods=["POST"]),
        Route("/cases/{name}", wrap(case_form)),
        Route("/cases/{name}", wrap(case_save), methods=["POST"]),
        Route("/cases/{name}/check", wrap(case_check), methods=["POST"]),
        Route("/upload", wrap(upload_page)),
        Route("/upload", wrap(upload), methods=["POST"]),
    ]
