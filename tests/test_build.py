"""The build as CI needs it: same bytes, only what changed, parallel, atomic, checked, with progress."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import REPO, copy_example_project

SEED_OUTPUTS = {"three-front-lines.docx", "2023-01.docx"}

RED_CROSS_ONLY = """\
id: red-cross-only
template: exchange
kind: 经验交流材料
title: 红十字会工作情况
headline: 红十字会助力农村疫情防控
issuer: "*市红十字会"
date: 2023-01-15
lead: 红十字会积极参与农村疫情防控工作。
sections:
  - theme: 凝聚各方资源
    front_line: 凝聚资源到一线
    points:
      - key_phrase: 送温暖
        text: 开展“博爱送万家”活动。
        cases: [sinan-red-cross]
"""


# -- helpers ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch):
    """Builds take their dates from the entries unless a test sets SOURCE_DATE_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("CI", "1")


def sha256s(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.docx"))}


def file_states(folder: Path) -> dict[str, tuple[int, int]]:
    """Return (inode, mtime_ns) of every file in `folder`: a rewritten file gets a new inode."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


def wrote_lines(output: str) -> set[str]:
    return set(re.findall(r"^\s*wrote output/(\S+)$", output, re.M))


def listed_by_check(output: str) -> set[str]:
    return set(re.findall(r"^(?:missing|out of date|not built by reportgen yet): output/(\S+)$", output, re.M))


def subprocess_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run_reportgen(cwd: Path, *args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args],
        cwd=cwd,
        env=subprocess_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def core_dates(path: Path) -> tuple[str, str]:
    xml = zipfile.ZipFile(path).read("docProps/core.xml").decode("utf-8")
    created = re.search(r"<dcterms:created[^>]*>([^<]*)<", xml).group(1)
    modified = re.search(r"<dcterms:modified[^>]*>([^<]*)<", xml).group(1)
    return created, modified


def edit_case_text(project: Path, case_file: str, new_text: str) -> None:
    path = project / "data/cases" / case_file
    source = path.read_text(encoding="utf-8")
    edited = re.sub(r"^text: >-\n(  .*\n)+", f"text: >-\n  {new_text}\n", source, count=1, flags=re.M)
    assert edited != source
    path.write_text(edited, encoding="utf-8")


def document_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


# -- 1. deterministic output ----------------------------------------------------------------------


def test_two_builds_a_second_apart_give_the_same_bytes(project):
    # Separate processes with different hash seeds: no wall-clock time, set order
    # or process state may reach the bytes.
    first = run_reportgen(project, "build", "-j", "1", PYTHONHASHSEED="1")
    assert first.returncode == 0, first.stderr
    before = sha256s(project / "output")
    states = file_states(project / "output")
    time.sleep(2.1)  # a zip's times count in steps of two seconds
    second = run_reportgen(project, "build", "--force", "-j", "1", PYTHONHASHSEED="2")
    assert second.returncode == 0, second.stderr
    assert set(before) == SEED_OUTPUTS
    assert sha256s(project / "output") == before
    # ...and they really were written again
    after = file_states(project / "output")
    assert all(after[name][0] != states[name][0] for name in SEED_OUTPUTS)


def test_the_zip_has_fixed_entry_order_and_times_no_thumbnail_and_the_entry_dates(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    for name, date in (("three-front-lines.docx", "2023-01-10"), ("2023-01.docx", "2023-01-12")):
        archive = zipfile.ZipFile(project / "output" / name)
        names = archive.namelist()
        assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert names[2:] == sorted(names[2:])
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert not [n for n in names if "thumbnail" in n.lower()]
        assert "thumbnail" not in archive.read("_rels/.rels").decode().lower()
        assert core_dates(project / "output" / name) == (f"{date}T00:00:00Z", f"{date}T00:00:00Z")


def test_source_date_epoch_changes_only_the_dates_in_core_properties(project, run_cli):
    assert run_cli("build", "-j", "1", "-o", "early", env={"SOURCE_DATE_EPOCH": "1000000000"}).exit_code == 0
    assert run_cli("build", "-j", "1", "-o", "late", env={"SOURCE_DATE_EPOCH": "1700000000"}).exit_code == 0
    for name in SEED_OUTPUTS:
        early, late = zipfile.ZipFile(project / "early" / name), zipfile.ZipFile(project / "late" / name)
        assert early.namelist() == late.namelist()
        differing = [part for part in early.namelist() if early.read(part) != late.read(part)]
        assert differing == ["docProps/core.xml"]
        assert core_dates(project / "early" / name) == ("2001-09-09T01:46:40Z", "2001-09-09T01:46:40Z")
        assert core_dates(project / "late" / name) == ("2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z")
        without_dates = [
            re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*", r"\1", z.read("docProps/core.xml").decode())
            for z in (early, late)
        ]
        assert without_dates[0] == without_dates[1]


def test_a_changed_source_date_epoch_makes_outputs_out_of_date(project, run_cli):
    assert run_cli("build", "-j", "1", env={"SOURCE_DATE_EPOCH": "1700000000"}).exit_code == 0
    assert run_cli("build", "--check", env={"SOURCE_DATE_EPOCH": "1700000000"}).exit_code == 0
    result = run_cli("build", "--check", env={"SOURCE_DATE_EPOCH": "1700000001"})
    assert result.exit_code == 1
    assert listed_by_check(result.output) == SEED_OUTPUTS
    assert run_cli("build", "--check").exit_code == 1  # unset: the entries' dates


def test_a_malformed_source_date_epoch_is_a_clear_error(project, run_cli):
    result = run_cli("build", "-j", "1", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds, not 'yesterday'" in result.output
    assert "Traceback" not in result.output


# -- 2. incremental builds --------------------------------------------------------------------------


def test_with_nothing_changed_a_build_writes_nothing_and_says_so(project, run_cli):
    assert run_cli("build", "-j", "2").exit_code == 0
    before = file_states(project / "output")
    assert SEED_OUTPUTS | {".reportgen-manifest.json"} <= set(before)
    result = run_cli("build", "-j", "2")
    assert result.exit_code == 0
    assert "nothing to do: every output is up to date" in result.output
    assert "0 built, 2 up to date, 0 failed" in result.output
    assert wrote_lines(result.output) == set()
    after = file_states(project / "output")
    after.pop(".reportgen.lock"), before.pop(".reportgen.lock")
    assert after == before


def test_an_output_whose_time_changed_but_not_its_content_is_up_to_date(project, run_cli):
    # e.g. after a checkout or a copy: the content hash decides
    assert run_cli("build", "-j", "1").exit_code == 0
    for path in (project / "output").glob("*.docx"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    for path in (project / "data").rglob("*.yaml"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    result = run_cli("build", "--check")
    assert result.exit_code == 0, result.output
    assert "all 2 outputs are up to date" in result.output


def test_changing_one_case_rebuilds_exactly_the_documents_that_use_it(project, run_cli):
    (project / "data/reports/red-cross-only.yaml").write_text(RED_CROSS_ONLY, encoding="utf-8")
    first = run_cli("build", "-j", "2")
    assert first.exit_code == 0, first.output
    assert wrote_lines(first.output) == SEED_OUTPUTS | {"red-cross-only.docx"}
    before = file_states(project / "output")

    # city-literary-federation: used by id in three-front-lines, and by the
    # brief's queries (a query report depends on every case); not by red-cross-only.
    edit_case_text(project, "city-literary-federation.yaml", "组织文艺志愿者开展送春联进万家活动")
    check = run_cli("build", "--check")
    assert check.exit_code == 1
    assert listed_by_check(check.output) == {"three-front-lines.docx", "2023-01.docx"}
    assert "2 outputs need building" in check.output
    assert file_states(project / "output") == before  # --check writes nothing

    rebuilt = run_cli("build", "-j", "2")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert wrote_lines(rebuilt.output) == {"three-front-lines.docx", "2023-01.docx"}
    assert "2 built, 1 up to date, 0 failed" in rebuilt.output
    after = file_states(project / "output")
    assert after["red-cross-only.docx"] == before["red-cross-only.docx"]
    assert after["three-front-lines.docx"] != before["three-front-lines.docx"]
    assert "组织文艺志愿者开展送春联进万家活动" in document_text(project / "output/three-front-lines.docx")
    assert run_cli("build", "--check").exit_code == 0

    # a case that all three use
    edit_case_text(project, "sinan-red-cross.yaml", "开展“博爱送万家”活动，为79户群众送去物资")
    check = run_cli("build", "--check")
    assert listed_by_check(check.output) == SEED_OUTPUTS | {"red-cross-only.docx"}
    assert "红十字会" in document_text(project / "output/red-cross-only.docx")


def test_a_template_or_style_change_rebuilds_the_documents_of_that_template(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    style = project / "templates/brief/style.yaml"
    style.write_text(style.read_text(encoding="utf-8") + "\n# 调整\n", encoding="utf-8")
    check = run_cli("build", "--check")
    assert check.exit_code == 1
    assert listed_by_check(check.output) == {"2023-01.docx"}
    assert "1 output needs building" in check.output
    result = run_cli("build", "-j", "1")
    assert wrote_lines(result.output) == {"2023-01.docx"}

    include = project / "templates/exchange/point.md.j2"
    include.write_text(include.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert listed_by_check(run_cli("build", "--check").output) == {"three-front-lines.docx"}


def test_a_new_version_of_reportgen_makes_every_output_out_of_date(project, run_cli, monkeypatch):
    assert run_cli("build", "-j", "1").exit_code == 0
    import reportgen.manifest

    monkeypatch.setattr(reportgen.manifest, "__version__", "99.0")
    check = run_cli("build", "--check")
    assert check.exit_code == 1
    assert listed_by_check(check.output) == SEED_OUTPUTS


def test_a_deleted_output_is_rebuilt(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    (project / "output/three-front-lines.docx").unlink()
    check = run_cli("build", "--check")
    assert check.exit_code == 1
    assert "missing: output/three-front-lines.docx" in check.output
    assert listed_by_check(check.output) == {"three-front-lines.docx"}
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 0
    assert wrote_lines(result.output) == {"three-front-lines.docx"}
    assert "1 built, 1 up to date, 0 failed" in result.output
    assert (project / "output/three-front-lines.docx").exists()


def test_force_rebuilds_everything(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    before = file_states(project / "output")
    result = run_cli("build", "--force", "-j", "1")
    assert result.exit_code == 0
    assert "2 built, 0 up to date, 0 failed" in result.output
    after = file_states(project / "output")
    assert all(after[n][0] != before[n][0] for n in SEED_OUTPUTS)
    check = run_cli("build", "--check", "--force")
    assert check.exit_code == 1 and listed_by_check(check.output) == SEED_OUTPUTS


def test_the_manifest_records_what_each_output_was_built_from(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    manifest = json.loads((project / "output/.reportgen-manifest.json").read_text(encoding="utf-8"))
    import reportgen
    from reportgen.rendering import prepared_cache_file

    report = manifest["outputs"]["three-front-lines.docx"]
    assert report["source"] == "data/reports/three-front-lines.yaml"
    assert report["version"] == reportgen.__version__
    case_files = sorted(f"data/cases/{p.name}" for p in (project / "data/cases").glob("*.yaml"))
    assert sorted(report["inputs"]) == sorted(
        [
            "data/reports/three-front-lines.yaml",
            *case_files,
            *(
                f"templates/exchange/{n}"
                for n in ("document.md.j2", "point.md.j2", "properties.yaml", "section.md.j2", "style.yaml")
            ),
            # the prepared template it was made with: an edited cache makes it out of date
            prepared_cache_file(Path("templates/exchange"), Path("output/.reportgen-cache")).as_posix(),
        ]
    )
    assert len(report["cases"]) == 7 and "sinan-red-cross" in report["cases"]
    assert report["case_listing"] is None  # by id only: new case files do not concern it
    brief = manifest["outputs"]["2023-01.docx"]
    assert set(case_files) <= set(brief["inputs"]) and brief["case_listing"]
    digest = hashlib.sha256((project / "output/2023-01.docx").read_bytes()).hexdigest()
    assert brief["output"][2] == digest


def test_a_new_case_file_makes_query_documents_out_of_date_only(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    (project / "data/cases/new-case.yaml").write_text(
        "id: new-case\nunit: 某某镇团委\nregion: 思南县\ndate: 2023-01-05\nfront_line: 凝聚资源到一线\ntags: [志愿服务]\ntext: 组织青年志愿者入户走访\n",
        encoding="utf-8",
    )
    check = run_cli("build", "--check")
    assert listed_by_check(check.output) == {"2023-01.docx"}
    assert run_cli("build", "-j", "1").exit_code == 0
    assert "某某镇团委" in document_text(project / "output/2023-01.docx")


def test_fixing_a_broken_case_file_rebuilds_the_query_documents(project, run_cli):
    good = "id: new-case\nunit: 某某镇团委\nregion: 思南县\ndate: 2023-01-05\nfront_line: 凝聚资源到一线\ntags: [志愿服务]\ntext: 组织青年志愿者入户走访\n"
    case = project / "data/cases/new-case.yaml"
    case.write_text(good.replace("text: ", "text: ["), encoding="utf-8")
    broken = run_cli("build", "-j", "1")
    assert broken.exit_code == 1
    assert "data/cases/new-case.yaml:" in broken.output
    case.write_text(good, encoding="utf-8")
    check = run_cli("build", "--check")
    assert check.exit_code == 1
    assert listed_by_check(check.output) == {"2023-01.docx"}
    assert run_cli("build", "-j", "1").exit_code == 0
    assert "某某镇团委" in document_text(project / "output/2023-01.docx")


@pytest.mark.parametrize("moment", ["after-the-cases-are-read", "after-a-document-is-rendered"])
def test_a_file_edited_while_the_build_runs_leaves_its_documents_out_of_date(project, run_cli, monkeypatch, moment):
    # What is recorded is what the build read, not what the files hold when it ends.
    import reportgen.library
    import reportgen.rendering

    render_job = reportgen.rendering.render_job
    load_case_library = reportgen.library.load_case_library
    edited = []
    if moment == "after-the-cases-are-read":
        expected = SEED_OUTPUTS

        def load_and_edit(project_):
            loaded = load_case_library(project_)
            if not edited:
                edit_case_text(project, "city-literary-federation.yaml", "组织文艺志愿者开展送春联进万家活动")
                edited.append(moment)
            return loaded

        monkeypatch.setattr(reportgen.library, "load_case_library", load_and_edit)
    else:
        expected = {"three-front-lines.docx"}

        def render_and_edit(job):
            data = render_job(job)
            if job.name == "three-front-lines":
                style = project / "templates/exchange/style.yaml"
                style.write_text(
                    style.read_text(encoding="utf-8").replace("size: 三号", "size: 小三", 1), encoding="utf-8"
                )
                edited.append(moment)
            return data

        monkeypatch.setattr(reportgen.rendering, "render_job", render_and_edit)
    assert run_cli("build", "-j", "1").exit_code == 0
    assert edited
    monkeypatch.setattr(reportgen.rendering, "render_job", render_job)
    monkeypatch.setattr(reportgen.library, "load_case_library", load_case_library)
    check = run_cli("build", "--check")
    assert check.exit_code == 1
    assert listed_by_check(check.output) == expected
    rebuilt = run_cli("build", "-j", "1")
    assert rebuilt.exit_code == 0
    assert wrote_lines(rebuilt.output) == expected


# -- 3. --check -------------------------------------------------------------------------------------


def test_check_on_a_fresh_project_lists_every_output_as_missing_and_writes_nothing(project, run_cli):
    result = run_cli("build", "--check")
    assert result.exit_code == 1
    assert "missing: output/three-front-lines.docx" in result.output
    assert "missing: output/2023-01.docx" in result.output
    assert "2 outputs need building" in result.output
    assert not (project / "output").exists()


def test_check_exits_0_when_everything_is_current(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    before = file_states(project / "output")
    result = run_cli("build", "--check")
    assert result.exit_code == 0
    assert "all 2 outputs are up to date" in result.output
    assert file_states(project / "output") == before


# -- 4. parallel ----------------------------------------------------------------------------------------


def test_one_and_two_jobs_give_identical_bytes(project, run_cli):
    assert run_cli("build", "-j", "1", "-o", "serial").exit_code == 0
    assert run_cli("build", "-j", "2", "-o", "parallel").exit_code == 0
    serial = sha256s(project / "serial")
    assert set(serial) == SEED_OUTPUTS
    assert sha256s(project / "parallel") == serial


# -- 5. atomic and fault-tolerant -------------------------------------------------------------------------


def _add_failing_entries(project: Path) -> None:
    shutil.copytree(project / "templates/exchange", project / "templates/broken")
    (project / "templates/broken/document.md.j2").write_text(
        "# {{ report.headline }}\n\n{{ report.no_such_field }}\n", encoding="utf-8"
    )
    report = (project / "data/reports/three-front-lines.yaml").read_text(encoding="utf-8")
    (project / "data/reports/broken-template.yaml").write_text(
        report.replace("template: exchange", "id: broken-template\ntemplate: broken"), encoding="utf-8"
    )
    (project / "data/reports/bad-yaml.yaml").write_text("title: [农村疫情防控\n", encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_report_that_fails_does_not_stop_the_others_and_every_failure_is_listed(project, run_cli, jobs):
    _add_failing_entries(project)
    result = run_cli("build", "-j", jobs)
    assert result.exit_code == 1
    assert wrote_lines(result.output) == SEED_OUTPUTS
    for name in SEED_OUTPUTS:
        docx.Document(str(project / "output" / name))
    assert "templates/broken/document.md.j2:3" in result.output
    assert "data/reports/bad-yaml.yaml:" in result.output
    assert "failed: data/reports/bad-yaml.yaml, data/reports/broken-template.yaml" in result.output
    assert "2 built, 0 up to date, 2 failed" in result.output
    assert not (project / "output/broken-template.docx").exists()
    # the failures are not recorded as built: they are tried again, the rest is not
    again = run_cli("build", "-j", jobs)
    assert again.exit_code == 1 and wrote_lines(again.output) == set()
    assert "0 built, 2 up to date, 2 failed" in again.output


def test_a_report_that_fails_keeps_its_previous_output(project, run_cli):
    assert run_cli("build", "-j", "1").exit_code == 0
    before = (project / "output/three-front-lines.docx").read_bytes()
    report = project / "data/reports/three-front-lines.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("template: exchange", "template: broken"), encoding="utf-8"
    )
    shutil.copytree(project / "templates/exchange", project / "templates/broken")
    (project / "templates/broken/document.md.j2").write_text("{{ report.no_such_field }}\n", encoding="utf-8")
    assert run_cli("build", "-j", "1").exit_code == 1
    assert (project / "output/three-front-lines.docx").read_bytes() == before


def test_an_internal_error_in_one_document_does_not_stop_the_others(project, run_cli, monkeypatch):
    import reportgen.rendering

    render_job = reportgen.rendering.render_job

    def failing_for_the_brief(job):
        if job.name == "2023-01":
            raise RuntimeError("boom")
        return render_job(job)

    monkeypatch.setattr(reportgen.rendering, "render_job", failing_for_the_brief)
    result = run_cli("build", "-j", "1")
    assert result.exit_code == 1
    assert wrote_lines(result.output) == {"three-front-lines.docx"}
    assert "data/briefs/2023-01.yaml: internal error while rendering 2023-01.docx: RuntimeError: boom" in result.output
    assert "1 built, 0 up to date, 1 failed" in result.output


@pytest.mark.skipif(
    __import__("multiprocessing").get_start_method() != "fork",
    reason="the patched renderer reaches the workers only by fork",
)
def test_a_worker_that_dies_fails_its_documents_not_the_run(project, run_cli, monkeypatch):
    import reportgen.rendering

    render_job = reportgen.rendering.render_job

    def dying_for_the_brief(job):
        if job.name == "2023-01":
            os._exit(1)
        return render_job(job)

    monkeypatch.setattr(reportgen.rendering, "render_job", dying_for_the_brief)
    result = run_cli("build", "-j", "2")
    assert result.exit_code == 1
    assert "internal error while rendering 2023-01.docx: BrokenProcessPool" in result.output
    assert re.search(r"\d built, 0 up to date, \d failed", result.output)
    assert "Traceback" not in result.output
    assert not list((project / "output").glob(".*reportgen-tmp"))


@pytest.mark.parametrize("fails_at", ["fsync", "replace"])
def test_an_interrupted_write_leaves_the_old_output_and_no_temporary_file(tmp_path, monkeypatch, fails_at):
    from reportgen.outputs import write_atomically

    output = tmp_path / "report.docx"
    output.write_bytes(b"old complete file")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, fails_at, interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(output, b"new file, cut short")
    monkeypatch.undo()
    assert output.read_bytes() == b"old complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_an_output_is_moved_into_place_from_a_temporary_file_beside_it(tmp_path, monkeypatch):
    from reportgen.outputs import TEMP_SUFFIX, write_atomically

    moves = []
    replace = os.replace

    def recording_replace(source, destination):
        moves.append((Path(source), Path(destination), Path(source).read_bytes()))
        replace(source, destination)

    monkeypatch.setattr(os, "replace", recording_replace)
    write_atomically(tmp_path / "report.docx", b"complete")
    [(source, destination, data)] = moves
    assert source.parent == tmp_path and source.name.startswith(".") and source.name.endswith(TEMP_SUFFIX)
    assert destination == tmp_path / "report.docx" and data == b"complete"


def test_stray_temporary_files_are_removed_by_the_next_build(project, run_cli):
    (project / "output").mkdir()
    stray = project / "output/.three-front-lines.k2j3h4.reportgen-tmp"
    stray.write_bytes(b"PK\x03\x04 half a file")
    assert run_cli("build", "-j", "1").exit_code == 0
    assert not stray.exists()


def test_a_second_build_at_the_same_time_is_refused_with_a_clear_message(project, run_cli):
    (project / "output").mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); print('locked', flush=True); sys.stdin.read()",
            str(project / "output/.reportgen.lock"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = run_cli("build", "-j", "1")
        assert result.exit_code == 1
        assert (
            "another reportgen build is writing to output (lock file output/.reportgen.lock); wait for it to finish, then build again"
            in result.output
        )
        assert not list((project / "output").glob("*.docx"))
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert run_cli("build", "-j", "1").exit_code == 0


# -- 5. a build killed part-way ------------------------------------------------------------------------------

COPIES = 40


def _make_many_reports(root: Path, marker: str) -> Path:
    """Return a copy of the example project with COPIES reports, each a little different."""
    copy_example_project(root)
    seed = (root / "data/reports/three-front-lines.yaml").read_text(encoding="utf-8")
    (root / "data/reports/three-front-lines.yaml").unlink()
    for n in range(1, COPIES + 1):
        text = seed.replace("template: exchange", f"id: copy-{n:02d}\ntemplate: exchange")
        text = text.replace("headline: “三个一线”", f"headline: {marker}第{n}篇“三个一线”")
        (root / f"data/reports/copy-{n:02d}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Projects of 40 reports in an old and a new version, and the bytes a complete build gives."""
    base = tmp_path_factory.mktemp("many")
    old = _make_many_reports(base / "old", "旧")
    new = _make_many_reports(base / "new", "新")
    for root in (old, new):
        result = run_reportgen(root, "build", "-j", "2", "-q")
        assert result.returncode == 0, result.stderr
    return {"old": old, "new": new, "old_sha": sha256s(old / "output"), "new_sha": sha256s(new / "output")}


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the build's worker processes")
@pytest.mark.parametrize("had_outputs", [False, True], ids=["first-build", "rebuild"])
@pytest.mark.parametrize("kill_after", [0, 1, 6, 20], ids=lambda n: f"after-{n}-written")
def test_a_build_killed_part_way_leaves_only_complete_outputs(many, tmp_path, had_outputs, kill_after):
    root = tmp_path / "project"
    shutil.copytree(many["new"] / "data", root / "data")
    shutil.copytree(many["new"] / "templates", root / "templates")
    if had_outputs:  # outputs of the old entries: each must end old or new, never half
        shutil.copytree(many["old"] / "output", root / "output")
    total = COPIES + 1  # and the brief
    build = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "build", "-j", "2", "-v"],
        cwd=root,
        env=subprocess_env(CI="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    written = 0
    workers: set[int] = set()
    for line in build.stdout:
        workers |= _children(build.pid)
        if (line.startswith("building") and kill_after == 0) or (
            line.strip().startswith("wrote") and (written := written + 1) >= kill_after
        ):
            break
    workers |= _children(build.pid)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)
    build.stdout.close()  # not read to the end: a lingering worker would hold it open
    assert build.returncode == -signal.SIGKILL
    assert written < total  # killed part-way, not after the end

    # The pool's workers go away with the build instead of lingering.
    deadline = time.monotonic() + 60
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    lingering = [pid for pid in workers if _alive(pid)]
    for pid in lingering:
        os.kill(pid, signal.SIGKILL)
    assert not lingering, "the build's workers outlived it"

    outputs = sorted((root / "output").glob("*.docx"))
    for path in outputs:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
        docx.Document(str(path))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        allowed = {many["new_sha"][path.name]} | ({many["old_sha"][path.name]} if had_outputs else set())
        assert digest in allowed, f"{path.name} is neither the old nor the new complete file"

    after = run_reportgen(root, "build", "-j", "2")
    assert after.returncode == 0, after.stderr
    assert "0 failed" in after.stdout
    assert not [p.name for p in (root / "output").iterdir() if p.name.endswith(".reportgen-tmp")]
    assert sha256s(root / "output") == many["new_sha"]
    assert len(many["new_sha"]) == total
    assert run_reportgen(root, "build", "--check").returncode == 0


# -- 6. progress --------------------------------------------------------------------------------------------


def test_ci_gets_one_plain_line_per_document(project, run_cli):
    result = run_cli("build", "-j", "2", env={"CI": "1"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert sorted(line for line in lines if "wrote" in line) == [
        " wrote output/2023-01.docx",
        " wrote output/three-front-lines.docx",
    ]
    assert lines[-1] == "2 built, 0 up to date, 0 failed"
    assert "\r" not in result.output and "#" not in result.output


def test_quiet_prints_only_the_summary_and_verbose_says_what_it_builds(project, run_cli):
    quiet = run_cli("build", "-j", "1", "-q")
    assert quiet.exit_code == 0
    assert quiet.output.splitlines() == ["2 built, 0 up to date, 0 failed"]
    (project / "output/2023-01.docx").unlink()
    verbose = run_cli("build", "-j", "1", "-v")
    assert verbose.output.splitlines() == [
        "building 1 document",
        " wrote output/2023-01.docx",
        "1 built, 1 up to date, 0 failed",
    ]


def _run_on_a_terminal(cwd: Path, args: list[str], env: dict) -> tuple[int, str]:
    import pty

    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return process.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_terminal_gets_clicks_progress_bar_unless_ci_is_set(project):
    env = subprocess_env()
    env.pop("CI", None)
    status, shown = _run_on_a_terminal(project, ["build", "-j", "1"], env)
    assert status == 0
    assert re.search(r"building\s+\[#+\]\s+2/2", shown)
    assert "wrote" not in shown
    assert "2 built, 0 up to date, 0 failed" in shown

    status, shown = _run_on_a_terminal(project, ["build", "-j", "1", "--force"], dict(env, CI="true"))
    assert status == 0
    assert "wrote output/three-front-lines.docx" in shown
    assert "[#" not in shown
