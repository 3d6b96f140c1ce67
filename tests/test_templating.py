"""Unit tests of reportgen/templating.py and template_limits.py: the sandbox, its budget, and its located errors."""

from __future__ import annotations

import pytest
from jinja2.sandbox import SecurityError

from reportgen.template_limits import MAX_FORMAT_WIDTH, check_brace_format, check_percent_format
from reportgen.templating import Renderer, TemplateProblem


def renderer(tmp_path, text: str, **files: str) -> Renderer:
    (tmp_path / "document.md.j2").write_text(text, encoding="utf-8")
    for name, content in files.items():
        (tmp_path / name.replace("_", ".")).write_text(content, encoding="utf-8")
    return Renderer(tmp_path)


def problem(tmp_path, text: str, method: str = "render", **files: str) -> str:
    r = renderer(tmp_path, text, **files)
    with pytest.raises(TemplateProblem) as caught:
        r.render({"report": {"title": "题目"}}) if method == "render" else r.compile()
    return caught.value.problem.format().replace(str(tmp_path), "T")


def test_a_template_renders_with_escaped_values(tmp_path):
    # values are escaped for the markup (a backslash before its marks), numbers formatted
    assert renderer(tmp_path, "# {{ report.title }}\n{{ '%5d' % 42 }}").render({"report": {"title": "<题目>"}}) == (
        "# \\<题目\\>\n   42"
    )


@pytest.mark.parametrize(
    "expression",
    ["{{ '%999999999d' % 1 }}", "{{ '%.999999999f'|format(1) }}", "{{ '{:>999999999}'.format(1) }}"],
)
def test_a_huge_format_written_in_the_template_is_refused_while_compiling(tmp_path, expression):
    # compile() is what validate runs: nothing is rendered, and the format is still found, at its line
    shown = problem(tmp_path, "第一行\n" + expression, method="compile")
    assert shown.startswith("T/document.md.j2:2:1: template error: a format pads to 999999999 characters"), shown


def test_a_huge_format_made_from_data_is_refused_while_rendering(tmp_path):
    shown = problem(tmp_path, "{% set f = '%' ~ '99999999d' %}{{ f % 1 }}")
    assert "the sandbox forbids: a format pads to 99999999 characters" in shown


def test_nothing_is_folded_at_compile_time(tmp_path):
    # Jinja evaluates constant filters while compiling unless told not to; here they wait for the render
    r = renderer(tmp_path, "{{ 'x'|center(10) }}|{{ (1, 2)|join('-') }}")
    r.compile()
    source = r.env.loader.get_source(r.env, "document.md.j2")[0]
    code = r.env.compile(source, raw=True)
    assert "center" in code and "'    x     '" not in code
    assert r.render({}) == "    x     |1\\-2"


def test_a_5000_digit_literal_is_located(tmp_path):
    shown = problem(tmp_path, "行\n{{ " + "7" * 5000 + " }}", method="compile")
    assert shown.startswith("T/document.md.j2:2:4: a number in the template has 5,000 digits")


def test_an_unreadable_included_template_is_located(tmp_path, monkeypatch):
    import builtins

    real_open = builtins.open

    def refusing(file, *args, **kwargs):
        if str(file).endswith("part.md.j2"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing)
    shown = problem(tmp_path, "{% include 'part.md.j2' %}", part_md_j2="部分")
    assert shown.startswith("T/part.md.j2: cannot read template: Permission denied")


def test_compiling_counts_against_the_time_budget(tmp_path, monkeypatch):
    import reportgen.templating as templating

    monkeypatch.setattr(templating, "MAX_RENDER_SECONDS", 0.2)
    r = renderer(tmp_path, "{{ 1 }}")
    real = r.env.get_template

    def slow(name, *args, **kwargs):
        import time

        time.sleep(2)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(r.env, "get_template", slow)
    with pytest.raises(TemplateProblem) as caught:
        r.compile()
    assert "template took longer than 0.2 seconds" in caught.value.problem.message


def test_format_checks():
    check_percent_format("%5d and %-10s and %%")
    check_brace_format("{:>10} {0:.2f} {name}")
    for bad in (f"%{MAX_FORMAT_WIDTH + 1}d", "%*d", "%.99999s", "%" + "9" * 5000 + "d"):
        with pytest.raises(SecurityError):
            check_percent_format(bad)
    for bad in (f"{{:{MAX_FORMAT_WIDTH + 1}}}", "{:{w}}"):
        with pytest.raises(SecurityError):
            check_brace_format(bad)
