"""The theme's templates are compiled once per process and per cache folder
(bridge.theming.CompiledTemplates): a second build in the same process, with a cache of its
own, compiles nothing; a template whose source changes is compiled again (and the site made with
it is a clean build's: tests/test_incremental_render.py, "overrides");
an environment that compiles differently never takes another's code."""

from __future__ import annotations

import shutil

import jinja2

from builder.bridge import theming
from builder.bridge.site import build_site
from helpers import REPO, REPO_CONTENT, tree_digest, write_config


def _counting(monkeypatch) -> list[str]:
    """The templates compiled from now on by an environment with the builder's cache: MkDocs'
    own (Material's search plugin makes one of its own, without, for its translations)."""
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, *args, **kwargs):
        if isinstance(self.bytecode_cache, theming.CompiledTemplates):
            compiled.append(name)
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return compiled


def test_a_second_build_in_the_process_compiles_nothing_and_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    config = write_config(tmp_path / "mkdocs.yml", content_dir=REPO_CONTENT)
    config.write_text(config.read_text(encoding="utf-8").replace(str(REPO / "overrides"), str(tmp_path / "overrides")),
                      encoding="utf-8")
    build_site(config, tmp_path / "first", content_dir=REPO_CONTENT)
    compiled = _counting(monkeypatch)
    shutil.rmtree(tmp_path / "build")  # a cache of its own: nothing on disk
    build_site(config, tmp_path / "second", content_dir=REPO_CONTENT)
    assert compiled == []
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "first")
    assert list((tmp_path / "build" / "cache" / "templates").iterdir()) == []  # (what the process held is not written again)

    main = tmp_path / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n{# an edit #}\n", encoding="utf-8")
    held = dict(theming.CompiledTemplates.held)
    build_site(config, tmp_path / "third", content_dir=REPO_CONTENT)
    assert compiled == ["main.html"]
    assert len(theming.CompiledTemplates.held) == len(held) + 1


def test_an_environment_that_compiles_otherwise_does_not_take_the_code_held(tmp_path):
    (tmp_path / "page.html").write_text("<<x>> {{ x }}", encoding="utf-8")
    loader = jinja2.FileSystemLoader(str(tmp_path))
    plain = jinja2.Environment(loader=loader, bytecode_cache=theming.CompiledTemplates(None))
    other = jinja2.Environment(loader=loader, bytecode_cache=theming.CompiledTemplates(None),
                               variable_start_string="<<", variable_end_string=">>")
    assert plain.get_template("page.html").render(x=1) == "<<x>> 1"
    assert other.get_template("page.html").render(x=1) == "1 {{ x }}"
    assert jinja2.Environment(loader=loader, bytecode_cache=theming.CompiledTemplates(None)).get_template(
        "page.html").render(x=2) == "<<x>> 2"
