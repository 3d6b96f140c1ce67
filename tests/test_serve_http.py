"""The editor at the HTTP level: CSRF, paths confined to the project, uploads, interfaces, saving."""

from __future__ import annotations

import http.client

import pytest
from click.testing import CliRunner
from servehelp import running_editor

TOKEN = "test-token"
CASE = "data/cases/bijiang-federation-of-trade-unions.yaml"


@pytest.fixture
def client(project):
    from starlette.testclient import TestClient

    from reportgen.project import Project
    from reportgen.serve.app import create_app

    app = create_app(Project(project), hosts={"testserver"}, token=TOKEN)
    with TestClient(app) as client:
        yield client


def write(client, url, body, token=TOKEN, **headers):
    if token is not None:
        headers["X-CSRF-Token"] = token
    return client.post(url, json=body, headers=headers)


def test_a_write_without_the_csrf_token_is_refused(client, project):
    before = (project / CASE).read_bytes()
    page = client.get("/cases/bijiang-federation-of-trade-unions")
    digest = page.text.split('data-digest="')[1].split('"')[0]
    body = {"values": {"place": "别处"}, "digest": digest}
    for token in (None, "wrong"):
        answer = write(client, "/cases/bijiang-federation-of-trade-unions", body, token=token)
        assert answer.status_code == 403
        assert "security token" in answer.json()["error"]
    assert client.post("/documents/brief/new").status_code == 403
    assert (project / CASE).read_bytes() == before
    assert not (project / "data/briefs/2026-02.yaml").exists()
    # with the token from the page, the same write goes through
    assert f'content="{TOKEN}"' in page.text
    answer = write(client, "/cases/bijiang-federation-of-trade-unions", body)
    assert answer.status_code == 200 and answer.json()["saved"]
    assert "place: 别处\n" in (project / CASE).read_text(encoding="utf-8")


def test_a_write_from_another_site_is_refused(client):
    answer = write(client, "/cases/new", {"values": {}}, origin="http://evil.example")
    assert answer.status_code == 403
    assert "another site" in answer.json()["error"]


def test_a_foreign_host_header_is_refused(client):
    assert client.get("/cases", headers={"host": "rebind.example"}).status_code == 400


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """Send a request line exactly as given (no client-side normalising of `..`)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("GET", target, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


def test_paths_outside_the_project_are_refused(project):
    outside = project.parent / "secret.yaml"
    outside.write_text("id: secret\nunit: 秘密\n", encoding="utf-8")
    (project / "data/cases/link.yaml").symlink_to(outside)
    with running_editor(project, token=TOKEN) as (url, _app):
        for target in (
            "/../../etc/passwd",
            "/static/../../etc/passwd",
            "/static/%2e%2e/%2e%2e/etc/passwd",
            "/cases/..%2f..%2fetc%2fpasswd",
            "/cases/%2e%2e",
            "/cases/link",
            "/documents/brief/..%2f..%2f..%2fetc%2fpasswd",
        ):
            status, body = raw_get(url, target)
            assert status in (400, 403, 404), target
            assert b"root:" not in body and "秘密".encode() not in body, target


def test_an_upload_with_a_path_in_its_name_is_refused(client, project):
    before = sorted(p.name for p in project.rglob("*"))
    case = (project / CASE).read_bytes().replace(b"bijiang-federation-of-trade-unions", b"x")
    for name in ("../../x.yaml", "..\\..\\x.yaml", "/etc/x.yaml", ".hidden.yaml"):
        answer = client.post(f"/upload?name={name}", content=case, headers={"X-CSRF-Token": TOKEN})
        assert answer.status_code == 400, name
        assert "not allowed" in answer.json()["error"]
    assert sorted(p.name for p in project.rglob("*")) == before
    assert not (project.parent / "x.yaml").exists()


def test_uploads_are_size_limited_and_type_checked(client, project):
    from reportgen.serve.safety import MAX_UPLOAD_BYTES

    headers = {"X-CSRF-Token": TOKEN}
    big = client.post("/upload?name=big.yaml", content=b"a" * (MAX_UPLOAD_BYTES + 1), headers=headers)
    assert big.status_code == 413
    fake = client.post("/upload?name=fake.docx", content=b"not a zip", headers=headers)
    assert fake.status_code == 415
    assert client.post("/upload?name=x.exe", content=b"MZ", headers=headers).status_code == 415
    case = (project / CASE).read_bytes().replace(b"bijiang-federation-of-trade-unions", b"uploaded-case")
    good = client.post("/upload?name=uploaded-case.yaml", content=case, headers=headers)
    assert good.status_code == 200 and good.json()["files"] == ["data/cases/uploaded-case.yaml"]
    assert (project / "data/cases/uploaded-case.yaml").read_bytes() == case
    again = client.post("/upload?name=uploaded-case.yaml", content=b"id: other\n", headers=headers)
    assert again.status_code == 422
    assert (project / "data/cases/uploaded-case.yaml").read_bytes() == case


def test_binding_to_all_interfaces_needs_the_explicit_flag(project, monkeypatch):
    from reportgen.cli import cli

    started = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: started.append(kwargs))
    monkeypatch.chdir(project)
    refused = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--no-browser"])
    assert refused.exit_code == 1 and started == []
    assert "refusing to listen on 0.0.0.0" in refused.output and "--allow-network" in refused.output
    allowed = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--allow-network", "--no-browser"])
    assert allowed.exit_code == 0, allowed.output
    assert "warning: listening on 0.0.0.0" in allowed.output
    assert started == [
        {"host": "0.0.0.0", "port": 8750, "log_level": "warning", "access_log": False, "server_header": False}
    ]
    local = CliRunner().invoke(cli, ["serve", "--port", "9123", "--no-browser"])
    assert local.exit_code == 0 and started[-1]["host"] == "127.0.0.1" and started[-1]["port"] == 9123


def test_a_stale_save_is_a_conflict_and_changes_nothing(client, project):
    page = client.get("/cases/sinan-red-cross").text
    digest = page.split('data-digest="')[1].split('"')[0]
    first = write(client, "/cases/sinan-red-cross", {"values": {"place": "甲"}, "digest": digest})
    assert first.status_code == 200
    saved = (project / "data/cases/sinan-red-cross.yaml").read_bytes()
    second = write(client, "/cases/sinan-red-cross", {"values": {"place": "乙"}, "digest": digest})
    assert second.status_code == 409 and second.json()["conflict"]
    assert "changed by someone else" in second.json()["problems"][0]["message"]
    assert (project / "data/cases/sinan-red-cross.yaml").read_bytes() == saved


def test_saving_keeps_comments_and_untouched_lines(client, project):
    before = (project / CASE).read_text(encoding="utf-8")
    page = client.get("/cases/bijiang-federation-of-trade-unions").text
    digest = page.split('data-digest="')[1].split('"')[0]
    values = {
        "id": "bijiang-federation-of-trade-unions",
        "unit": "碧江区总工会",
        "region": "碧江区",
        "place": "坝黄镇泥哨村",
        "date": "2023-01-05",
        "front_line": "干部下沉到一线",
        "tags": "送医送药、总工会",
        "text": "积极主动与坝黄镇泥哨村联系，送去价值{medicine}的药品",
        "figures": [{"name": "medicine", "number": "1", "unit": "元", "approx": True, "wan": True}],
        "source": "",
    }
    answer = write(client, "/cases/bijiang-federation-of-trade-unions", {"values": values, "digest": digest})
    assert answer.status_code == 200, answer.text
    after = (project / CASE).read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert changed == [(before.splitlines()[10], "  积极主动与坝黄镇泥哨村联系，送去价值{medicine}的药品")]


def test_an_invalid_case_is_not_saved_and_its_errors_name_the_field(client, project):
    page = client.get("/cases/bijiang-federation-of-trade-unions").text
    digest = page.split('data-digest="')[1].split('"')[0]
    before = (project / CASE).read_bytes()
    answer = write(
        client, "/cases/bijiang-federation-of-trade-unions", {"values": {"date": "2023-13-45"}, "digest": digest}
    )
    assert answer.status_code == 422
    problem = next(p for p in answer.json()["problems"] if p["field"] == "date")
    assert problem["line"] == 6 and "2023-13-45" in problem["message"]
    assert (project / CASE).read_bytes() == before


def test_a_new_case_gets_a_pinyin_id_and_never_overwrites(client, project):
    values = {"unit": "思南县红十字会", "date": "2023-02-01", "text": "开展应急救护培训"}
    first = write(client, "/cases/new", {"values": values})
    assert first.status_code == 200, first.text
    assert first.json()["file"] == "data/cases/sinanxianhongshizihui.yaml"
    second = write(client, "/cases/new", {"values": values})
    assert second.json()["file"] == "data/cases/sinanxianhongshizihui-2.yaml"
    taken = write(client, "/cases/new", {"values": {**values, "id": "sinan-red-cross"}})
    assert taken.status_code == 422
    assert any(p["field"] == "id" and "already used" in p["message"] for p in taken.json()["problems"])


def test_a_query_lists_what_it_selects(client):
    answer = write(client, "/api/query", {"query": {"front_line": "凝聚资源到一线", "tags": "志愿服务"}})
    assert [c["id"] for c in answer.json()["cases"]] == [
        "city-youth-league-volunteers",
        "city-literary-federation",
        "yinjiang-youth-league",
    ]


def test_new_brief_from_the_page(client, project):
    answer = write(client, "/documents/brief/new", {})
    url = answer.json()["url"]
    assert url.startswith("/documents/brief/")
    assert (project / f"data/briefs/{url.rsplit('/', 1)[1]}.yaml").is_file()
    assert client.get(url).status_code == 200


def test_the_docx_download_is_the_built_document(client, project, monkeypatch):
    from reportgen.project import Project
    from reportgen.rendering import render_report

    answer = client.get("/documents/brief/2023-01/download.docx")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    assert "wordprocessingml" in answer.headers["content-type"]
    monkeypatch.chdir(project)
    assert answer.content == render_report(project / "data/briefs/2023-01.yaml", Project(project))


def test_behind_a_reverse_proxy_the_allowed_host_may_write(project):
    from starlette.testclient import TestClient

    from reportgen.project import Project
    from reportgen.serve.app import create_app
    from reportgen.serve.safety import allowed_hosts

    hosts = allowed_hosts("127.0.0.1", 8750, ("reportgen.example.internal",))
    app = create_app(Project(project), hosts=hosts, token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1:8750") as client:
        body = {"query": {"region": "思南县"}}
        proxied = {"X-CSRF-Token": TOKEN, "origin": "https://reportgen.example.internal"}
        assert client.post("/api/query", json=body, headers=proxied).status_code == 200
        foreign = {"X-CSRF-Token": TOKEN, "origin": "https://other.example"}
        assert client.post("/api/query", json=body, headers=foreign).status_code == 403


def test_pages_are_chinese_by_default_and_english_with_the_language_option(client):
    from reportgen.i18n import set_language

    set_language("zh")
    page = client.get("/cases").text
    assert "新建案例" in page and "搜索单位、区县、标签、编号" in page
    assert 'lang="zh-CN"' in page
    form = client.get("/cases/new").text
    assert "单位" in form and "开展工作的单位" in form
    set_language("en")
    page = client.get("/cases").text
    assert "New case" in page and 'lang="en"' in page
    form = client.get("/cases/new").text
    assert "the unit that did the work" in form


def test_a_second_start_opens_the_running_editor_instead_of_failing(project, capsys):
    import socket

    from reportgen.errors import ReportgenError
    from reportgen.serve.run import serve_editor

    with running_editor(project, token=TOKEN) as (url, _app):
        port = int(url.rsplit(":", 1)[1])
        serve_editor(project, port=port, open_browser=False)  # returns at once
        assert "already running" in capsys.readouterr().err
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        with pytest.raises(ReportgenError, match="used by another program"):
            serve_editor(project, port=other.getsockname()[1], open_browser=False)


def test_the_quick_preview_lays_out_paragraphs_and_tables():
    from reportgen.blocks import Block, Run, TableBlock
    from reportgen.serve.documents import blocks_html

    blocks = [
        Block("h1", [Run("标题<一>")]),
        Block("paragraph", [Run("一是", "point-lead"), Run("正文")]),
        TableBlock(
            rows=[[[Run("单位")], [Run("人数")]], [[Run("团市委")], [Run("1636")]]],
            aligns=["left", "right"],
            widths=[1, 1],
        ),
    ]
    assert blocks_html(blocks) == (
        '<p class="b-h1">标题&lt;一&gt;</p>\n'
        '<p class="b-paragraph"><span class="r-point-lead">一是</span>正文</p>\n'
        '<table class="b-table"><tr><th>单位</th><th>人数</th></tr><tr><td>团市委</td><td>1636</td></tr></table>'
    )


def test_the_diff_tab_shows_what_changed_since_the_last_build(client, project, run_cli, monkeypatch):
    monkeypatch.chdir(project)
    assert run_cli("build").exit_code == 0
    unchanged = client.get("/documents/brief/2023-01/diff").json()
    assert "did not change" in unchanged["html"]
    page = client.get("/documents/brief/2023-01").text
    digest = page.split('data-digest="')[1].split('"')[0]
    texts = [[["articles", 0, "lead"], "连日来，全市各群团组织闻令而动。"]]
    assert write(client, "/documents/brief/2023-01", {"texts": texts, "digest": digest}).json()["saved"]
    changed = client.get("/documents/brief/2023-01/diff").json()["html"]
    assert '<table class="diff">' in changed
    assert "<ins>连日来，全市各群团组织闻令而动。</ins>" in changed
    assert "<del>连日来，全市各群团组织采取干部下沉到一线" in changed
    assert "Compared with: the last build in output" in changed
    report = client.get("/documents/report/three-front-lines/diff").json()["html"]
    assert "did not change" in report


def test_an_uploaded_ledger_becomes_case_files_and_a_second_upload_writes_nothing(client, project, tmp_path):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位", "区县", "日期", "一线", "事迹"])
    sheet.append(["石阡县妇联", "石阡县", "2023-01-06", "干部下沉到一线", "组织巾帼志愿者40人入户宣传防疫知识。"])
    sheet.append(["德江县团委", "德江县", "2023-01-07", "凝聚资源到一线", "招募青年志愿者52人参与卡点值守。"])
    buffer = io.BytesIO()
    book.save(buffer)
    headers = {"X-CSRF-Token": TOKEN}
    before = set((project / "data/cases").iterdir())
    first = client.post("/upload?name=台账.xlsx", content=buffer.getvalue(), headers=headers)
    assert first.status_code == 200, first.text
    files = first.json()["files"]
    assert len(files) == 2 and all(f.startswith("data/cases/") for f in files)
    assert {p.name for p in set((project / "data/cases").iterdir()) - before} == {f.rsplit("/", 1)[1] for f in files}
    assert "石阡县妇联" in (project / files[0]).read_text(encoding="utf-8") + (project / files[1]).read_text(
        encoding="utf-8"
    )
    again = client.post("/upload?name=台账.xlsx", content=buffer.getvalue(), headers=headers)
    assert again.json()["files"] == []
    assert any("台账.xlsx" in note and "already in the library" in note for note in again.json()["notes"])
    assert len(set((project / "data/cases").iterdir()) - before) == 2
    listed = client.get("/cases?q=石阡县妇联").text
    assert "石阡县妇联" in listed
