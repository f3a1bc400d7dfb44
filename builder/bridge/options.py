"""The archive plugin's options (``archive:`` under ``plugins:`` in mkdocs.yml), declared and
checked as MkDocs checks its own, and the folders they name kept apart."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError

from builder.sitefolder import FolderClash, check_apart
from builder.stages.link import DENSITIES


class ArchivePluginConfig(Config):
    content_dir = opt.Type(str, default="content")
    """The archive's content folder, relative to mkdocs.yml."""
    export_dir = opt.Type(str, default="build/markdown")
    """Where a copy of the generated Markdown is written (relative to mkdocs.yml); '' for none."""
    link_density = opt.Choice(DENSITIES, default="document")
    """Which entity mentions become links: first per document, first per paragraph, or all."""
    cache_dir = opt.Type(str, default="build/cache")
    """Where per-document results and pages made from many documents are kept between builds
    (relative to mkdocs.yml); '' for no cache."""
    jobs = opt.Type(int, default=0)
    """Worker processes for the per-document stages; 0: one per core, 1: none (all in this process)."""
    trust_file_status = opt.Type(bool, default=True)
    """A source whose size, times and inode are those the last build read is not read again;
    false where the file system does not keep them as files change (some network or FAT
    file systems): every source is read on every build."""
    search_full_text_limit = opt.Deprecated(message="search_full_text_limit is no longer used: search indexes "
                                            "every word at any size; remove it from mkdocs.yml")
    final_site_dir = opt.Type(str, default="")
    """The folder the built site replaces, when MkDocs is given a staging folder beside it
    (`archive build` and `archive bundle` set it); '' for MkDocs' site_dir. It must be apart
    from the content, the export and the cache."""
    offline_shim = opt.Deprecated(message="offline_shim is no longer used: the offline bundle needs no "
                                  "iframe-worker shim (the archive's search runs no worker); remove it from mkdocs.yml")


CDN_POLYFILL = "iframe-worker"
"""What Material's offline plugin adds to the pages' polyfills, from a CDN, for Material's own
search worker, which this site never starts (builder.search's client runs no worker): the
plugin takes it out again (bridge.plugin, on_files), so that no page of the bundle names
another host and nothing needs to be installed for it."""


def without_cdn_polyfill(polyfills: list) -> list:
    """``polyfills`` (mkdocs.yml's extra.polyfills) without the iframe-worker shim that
    Material's offline plugin adds from a CDN (see :data:`CDN_POLYFILL`)."""
    return [url for url in polyfills if not (CDN_POLYFILL in str(url) and "//" in str(url))]


def resolve(config, value: str) -> Path:
    """A path of mkdocs.yml's, relative to the folder mkdocs.yml is in."""
    base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return (base / value).resolve()


def offline_enabled(config) -> bool:
    """Is Material's offline plugin on (the bundle build)?"""
    return any(type(plugin).__name__ == "OfflinePlugin" and plugin.config.enabled
               for plugin in config.plugins.values())


def folders_apart(config, options: ArchivePluginConfig, content_dir: Path, export_dir: Path | None,
                  cache_dir: Path | None) -> None:
    """The site, the export and the cache are folders of their own, apart from the content."""
    site = resolve(config, options.final_site_dir) if options.final_site_dir else Path(config.site_dir)
    written = {"the site folder": site, "the Markdown export folder (export_dir)": export_dir,
               "the cache folder (cache_dir)": cache_dir}
    read = {"the content folder": content_dir, "the pages folder (docs_dir)": Path(config.docs_dir)}
    if config.config_file_path:
        read["the configuration file"] = Path(config.config_file_path)
    try:
        check_apart({label: path for label, path in written.items() if path is not None}, read)
    except FolderClash as exc:
        raise PluginError(str(exc)) from None


LIGHT, DARK = "(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"


def follow_system_scheme(config) -> None:
    """Material's light and dark schemes (``default`` and ``slate``), chosen by the reader's
    system setting, when the archive's mkdocs.yml leaves them open: no palette at all, or the
    one light scheme `archive new` used to write (a list of one entry for
    ``(prefers-color-scheme: light)``), to which the dark one is added in the same colours.
    A palette of one's own (a mapping, other media, a dark entry, toggles) is kept as written:
    a palette without ``media`` keeps an archive light."""
    theme = config.theme
    if theme.name != "material":
        return
    palette = theme["palette"] if "palette" in theme else None
    if not palette:
        theme["palette"] = [{"media": LIGHT, "scheme": "default"}, {"media": DARK, "scheme": "slate"}]
    elif isinstance(palette, list) and len(palette) == 1 and isinstance(palette[0], dict) and palette[0].get("media") == LIGHT:
        light = palette[0]
        dark = {key: value for key, value in light.items() if key in ("primary", "accent")}
        theme["palette"] = [light, {"media": DARK, "scheme": "slate", **dark}]
