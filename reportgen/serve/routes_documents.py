"""The report and brief pages: editing their texts and case lists, the preview, the downloads."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .. import yamledit
from ..i18n import _
from . import documents, safety
from .cases import case_rows
from .checks import check_text
from .web import page, problems_json, read_json


def _kind(request: Request) -> documents.Kind:
    kind = documents.kinds().get(request.path_params["kind"])
    if kind is None:
        raise safety.UnsafeRequest(_("not found"), 404)
    return kind


def _path(request: Request, kind: documents.Kind) -> Path:
    editor = request.app.state.editor
    name = safety.entry_name(request.path_params["name"])
    return safety.existing_entry(editor.project.data_dir / kind.folder, name)


async def document_list(request: Request):
    editor = request.app.state.editor
    listed = []
    for kind, path in documents.documents(editor.project):
        listed.append({"kind": kind, "name": path.stem, "file": f"data/{kind.folder}/{path.name}"})
    return page(request, "documents.html", listed=listed)


async def document_form(request: Request):
    editor = request.app.state.editor
    kind = _kind(request)
    path = _path(request, kind)
    editable = yamledit.load(path)
    rows, _problems = case_rows(editor.project)
    return page(
        request,
        "document.html",
        kind=kind,
        name=path.stem,
        file=f"data/{kind.folder}/{path.name}",
        digest=editable.digest,
        meta=documents.meta_fields(kind.model, editable.data),
        texts=documents.text_fields(kind.model, editable.data),
        case_lists=documents.case_lists(kind.model, editable.data),
        library=sorted(rows, key=lambda r: (r.date, r.id), reverse=True),
        front_lines=sorted({r.front_line for r in rows if r.front_line}),
        regions=sorted({r.region for r in rows if r.region}),
    )


async def _draft(request: Request):
    body = await read_json(request)
    kind = _kind(request)
    path = _path(request, kind)
    editable = yamledit.load(path)
    try:
        documents.apply_edits(editable, kind, body.get("texts") or [], body.get("meta") or [], body.get("cases") or [])
    except (documents.BadEdit, TypeError, ValueError) as exc:
        raise safety.UnsafeRequest(
            _("the page asked for an edit the editor does not make: {what}").format(what=exc)
        ) from None
    return body, kind, path, editable


async def document_check(request: Request):
    """Check the draft and render its preview: validation and lint beside the fields, blocks as HTML."""
    editor = request.app.state.editor
    _body, kind, path, editable = await _draft(request)
    text = editable.to_bytes()
    checked = check_text(text, path, kind.model, editor.project)
    preview = ""
    problems = [p.to_json() for p in checked.problems]
    if not checked.errors:
        target, gathered = documents.draft_target(editor.project, kind, path.stem, text)
        found = [p for p in gathered if p.severity == "error"]
        problems += [{**p, "field": None} for p in problems_json(found)]
        if target is not None:
            try:
                preview = documents.blocks_html(documents.draft_blocks(target))
            except Exception as exc:  # a template's own error: shown, never a traceback
                problems.append({"field": None, "message": str(exc), "hint": "", "severity": "error", "where": ""})
    return JSONResponse({"problems": problems, "preview": preview})


async def document_save(request: Request):
    editor = request.app.state.editor
    body, kind, path, editable = await _draft(request)
    if body.get("digest") != editable.digest:
        raise yamledit.EditConflict([yamledit.conflict_problem(path, exists=True)])
    checked = check_text(editable.to_bytes(), path, kind.model, editor.project)
    problems = [p.to_json() for p in checked.problems]
    if checked.errors:
        return JSONResponse(
            {"saved": False, "problems": problems, "error": _("not saved: fix the errors shown beside the fields")},
            status_code=422,
        )
    digest = editable.save()
    return JSONResponse(
        {
            "saved": True,
            "digest": digest,
            "problems": problems,
            "message": _("saved to {file}").format(file=f"data/{kind.folder}/{path.name}"),
        }
    )


async def new_brief(request: Request):
    from ..authoring import new_entry

    editor = request.app.state.editor
    path = new_entry(editor.project, "brief", None, dt.date.today())
    return JSONResponse({"url": f"/documents/brief/{path.stem}"})


async def query(request: Request):
    from ..library import load_case_library

    editor = request.app.state.editor
    body = await read_json(request)
    library, _problems = load_case_library(editor.project)
    found, error = documents.query_cases(library, body.get("query") or {})
    listed = [
        {"id": e.case.id, "unit": e.case.unit, "date": e.case.date.isoformat(), "region": e.case.region or ""}
        for e in found
    ]
    return JSONResponse({"cases": listed, "error": error})


# -- real pages and downloads ------------------------------------------------------------------------


def _docx(request: Request) -> tuple[Path, bytes]:
    from ..rendering import render_report

    editor = request.app.state.editor
    kind = _kind(request)
    path = _path(request, kind)
    data = render_report(path, editor.project)
    return path, data


def _pdf(request: Request) -> tuple[Path, Path]:
    editor = request.app.state.editor
    path, data = _docx(request)
    key = hashlib.sha256(data).hexdigest()[:16]
    folder = editor.work / key
    pdf = folder / f"{path.stem}.pdf"
    if not pdf.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        docx = folder / f"{path.stem}.docx"
        docx.write_bytes(data)
        editor.office.to_pdf(docx, pdf)
    return path, pdf


async def download_docx(request: Request):
    path, data = _docx(request)
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Response(data, media_type=media, headers=_attachment(f"{path.stem}.docx"))


async def download_pdf(request: Request):
    path, pdf = await run_in_threadpool(_pdf, request)
    return FileResponse(pdf, media_type="application/pdf", headers=_attachment(f"{path.stem}.pdf"))


async def pages(request: Request):
    """Render the saved document's real pages (LibreOffice, kept running) and answer their addresses."""
    from .office import pdf_to_pngs

    _unused, pdf = await run_in_threadpool(_pdf, request)
    folder = pdf.parent / "pages"
    pngs = sorted(folder.glob("page-*.png")) if folder.is_dir() else []
    if not pngs:
        pngs = await run_in_threadpool(pdf_to_pngs, pdf, folder)
    key = pdf.parent.name
    base = f"/documents/{request.path_params['kind']}/{request.path_params['name']}/page/{key}"
    return JSONResponse({"pages": [f"{base}/{n}.png" for n in range(1, len(pngs) + 1)]})


async def page_image(request: Request):
    editor = request.app.state.editor
    key = request.path_params["key"]
    number = request.path_params["number"]
    if not key.isalnum() or not number.isdigit():
        raise safety.UnsafeRequest(_("not found"), 404)
    folder = editor.work / key / "pages"
    found = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])) if folder.is_dir() else []
    index = int(number) - 1
    if not 0 <= index < len(found):
        raise safety.UnsafeRequest(_("not found"), 404)
    return FileResponse(found[index], media_type="image/png")


async def diff(request: Request):
    """What changed in the document's text since the last build (`reportgen diff`)."""
    from ..diff_report import diff_against_build
    from ..project import OUTPUT_DIR

    editor = request.app.state.editor
    kind = _kind(request)
    path = _path(request, kind)
    run = await run_in_threadpool(diff_against_build, editor.project, editor.project.root / OUTPUT_DIR)
    mine = path.resolve()
    document = next((d for d in run.documents if d.entry and _resolved(d.entry, editor.project) == mine), None)
    problems = [p for p in run.errors if p.location.path and _resolved(p.location.path, editor.project) == mine]
    if problems:
        return JSONResponse({"error": "\n".join(p.format() for p in problems)})
    return JSONResponse({"html": documents.diff_html(document, run.against)})


def _resolved(shown: str, project) -> Path:
    path = Path(shown)
    return (path if path.is_absolute() else Path.cwd() / path).resolve()


def _attachment(filename: str) -> dict:
    from urllib.parse import quote

    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"}


def routes(wrap) -> list[Route]:
    base = "/documents/{kind}/{name}"
    return [
        Route("/documents", wrap(document_list)),
        Route("/documents/brief/new", wrap(new_brief), methods=["POST"]),
        Route("/api/query", wrap(query), methods=["POST"]),
        Route(base, wrap(document_form)),
        Route(base, wrap(document_save), methods=["POST"]),
        Route(f"{base}/check", wrap(document_check), methods=["POST"]),
        Route(f"{base}/download.docx", wrap(download_docx)),
        Route(f"{base}/download.pdf", wrap(download_pdf)),
        Route(f"{base}/pages", wrap(pages), methods=["POST"]),
        Route(base + "/page/{key}/{number}.png", wrap(page_image)),
        Route(f"{base}/diff", wrap(diff)),
    ]
