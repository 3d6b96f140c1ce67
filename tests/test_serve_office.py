"""The editor's real pages: one LibreOffice kept running over UNO, reused between renders."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from reportgen.serve.office import uno_python

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftoppm") and uno_python()) and not os.environ.get("CI"),
        reason="LibreOffice, poppler-utils or python3-uno not installed (CI installs them)",
    ),
]

TOKEN = "office-token"


def test_pages_and_pdf_come_from_one_libreoffice_reused(project):
    from starlette.testclient import TestClient

    from reportgen.project import Project
    from reportgen.serve.app import create_app

    app = create_app(Project(project), hosts={"testserver"}, token=TOKEN)
    office = app.state.editor.office
    headers = {"X-CSRF-Token": TOKEN}
    with TestClient(app) as client:
        first = client.post("/documents/brief/2023-01/pages", headers=headers)
        assert first.status_code == 200, first.text
        pages = first.json()["pages"]
        assert len(pages) >= 2
        image = client.get(pages[0])
        assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
        process = office._soffice
        # an edit, then the pages again: the same LibreOffice converts the new document
        page = client.get("/documents/brief/2023-01").text
        digest = page.split('data-digest="')[1].split('"')[0]
        saved = client.post(
            "/documents/brief/2023-01",
            json={"texts": [[["articles", 0, "lead"], "春节前后，各群团组织闻令而动。"]], "digest": digest},
            headers=headers,
        )
        assert saved.status_code == 200, saved.text
        second = client.post("/documents/brief/2023-01/pages", headers=headers)
        assert second.status_code == 200
        assert second.json()["pages"][0] != pages[0]  # a new rendering, not the cached one
        pdf = client.get("/documents/brief/2023-01/download.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert office.starts == 1 and office.conversions == 2
        assert office._soffice is process and process.poll() is None
    # the PDF holds the edited lead (pdftotext from poppler-utils reads it back)
    pdf_path = project / "downloaded.pdf"
    pdf_path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert "闻令而动" in text.replace(" ", "") and "工作简报" in text.replace(" ", "")
