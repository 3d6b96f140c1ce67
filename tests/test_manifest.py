"""The build manifest: what each output was built from, when it is up to date, a damaged one."""

from __future__ import annotations

import os

import pytest

from reportgen.manifest import MANIFEST_NAME, FileStamp, Manifest, case_listing_digest


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A project with one source, one template and one output, recorded and saved."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    out = root / "output"
    out.mkdir()
    source = root / "data" / "report.yaml"
    source.write_text("title: 报告\n", encoding="utf-8")
    template = root / "template.md"
    template.write_text("# {{ title }}\n", encoding="utf-8")
    (out / "report.docx").write_bytes(b"docx bytes")
    manifest = Manifest(root=root)
    manifest.record("report.docx", source, [source, template], out / "report.docx", ["case-a"], "listing")
    manifest.save(out)
    return root, out, source, template


def test_a_saved_record_reads_back_with_inputs_relative_to_the_root(built):
    root, out, source, _template = built
    loaded = Manifest.load(out, root)
    assert loaded.damaged is None
    record = loaded.records["report.docx"]
    assert record.source == "data/report.yaml"
    assert sorted(record.inputs) == ["data/report.yaml", "template.md"]
    assert record.cases == ["case-a"]
    assert [name for name, _r in loaded.records_for(source)] == ["report.docx"]


def test_an_unchanged_build_is_current(built):
    root, out, _source, _template = built
    loaded = Manifest.load(out, root)
    assert loaded.is_current("report.docx", loaded.records["report.docx"], out, "listing")


def test_an_edited_input_makes_the_output_out_of_date(built):
    root, out, _source, template = built
    template.write_text("# {{ title }}!\n", encoding="utf-8")
    loaded = Manifest.load(out, root)
    assert not loaded.is_current("report.docx", loaded.records["report.docx"], out, "listing")


def test_a_touched_but_unchanged_input_is_still_current(built):
    root, out, source, _template = built
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    loaded = Manifest.load(out, root)
    assert loaded.is_current("report.docx", loaded.records["report.docx"], out, "listing")


def test_a_changed_or_missing_output_case_listing_or_epoch_is_out_of_date(built, monkeypatch):
    root, out, _source, _template = built
    loaded = Manifest.load(out, root)
    record = loaded.records["report.docx"]
    assert not loaded.is_current("report.docx", record, out, "another listing")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert not loaded.is_current("report.docx", record, out, "listing")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (out / "report.docx").unlink()
    assert not loaded.is_current("report.docx", record, out, "listing")


@pytest.mark.parametrize(
    "text",
    [b"{not json", b'{"format": 99, "outputs": {}}', b'{"format": 1, "outputs": {"a.docx": {"inputs": []}}}', b"\xff"],
)
def test_a_damaged_manifest_counts_as_empty_and_names_its_file(built, text):
    root, out, _source, _template = built
    (out / MANIFEST_NAME).write_bytes(text)
    loaded = Manifest.load(out, root)
    assert loaded.records == {}
    assert loaded.damaged == str(out / MANIFEST_NAME)


def test_no_manifest_is_empty_and_not_damaged(tmp_path):
    loaded = Manifest.load(tmp_path, tmp_path)
    assert loaded.records == {} and loaded.damaged is None


def test_file_stamps_and_case_listing_digest(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"id: a\n")
    stamp = FileStamp.of(path)
    assert stamp.size == 6 and stamp.matches(path)
    path.write_bytes(b"id: b\n")  # same size, new content
    os.utime(path, ns=(stamp.mtime_ns, stamp.mtime_ns + 1))
    assert not stamp.matches(path)
    assert case_listing_digest([tmp_path / "b", tmp_path / "a"]) == case_listing_digest(
        [tmp_path / "a", tmp_path / "b"]
    )
    assert case_listing_digest([tmp_path / "a"]) != case_listing_digest([tmp_path / "a", tmp_path / "b"])


def test_the_build_warns_of_a_damaged_manifest_with_its_path(project, run_cli):
    (project / "output").mkdir(exist_ok=True)
    (project / "output" / MANIFEST_NAME).write_bytes(b"{not json")
    result = run_cli("build", "--check")
    assert (
        f"output/{MANIFEST_NAME}: warning: this record of earlier builds is damaged; "
        "it is ignored and every document is rebuilt"
    ) in result.output
