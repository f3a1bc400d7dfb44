"""`archive bundle`: the whole archive as one zip that works from file://, search included.

The site is built with Material's offline plugin (pages as .html files, the search index
inlined; the CDN script it would add for Material's own search worker taken out again, see
bridge.options.CDN_POLYFILL) into a temporary folder, then
zipped with a manifest (build date, archive version, document count, a SHA-256 per file)
and a SHA256SUMS file that `sha256sum -c` reads. The server's error page is left out (see
:data:`NOT_OFFLINE`): every page of the bundle opens from the disk without an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import Abort

from builder import sitefolder
from builder.bridge.site import build_site
from builder.pipeline import Build
from builder.timings import Progress
from builder.slugs import slugify

NOT_OFFLINE = ("404.html",)
"""Files of the built site the zip leaves out: the page a server shows for a missing address, whose
links start at the server's root (no page on a disk is ever shown it, and opened, it finds
none of its styles)."""

README = """{title}: offline copy

Open {folder}/index.html in a web browser. Everything, search included, works without a
network connection. manifest.json says when and from which version this copy was built;
check that no file was changed with: sha256sum -c SHA256SUMS (inside {folder}/).
"""


@dataclass
class BundleResult:
    path: Path
    documents: int
    files: int
    build: Build  # what the builder produced for the offline site


def archive_version(folder: Path) -> str:
    """The git commit the archive was built from ('+dirty' if it had uncommitted changes)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True,
                               check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return commit + ("+dirty" if dirty else "")


def make_bundle(config_file: Path, out_dir: Path, *, content_dir: Path | None = None,
                now: dt.datetime | None = None, progress: Progress | None = None) -> BundleResult:
    """Build the offline site and zip it into ``out_dir``. The work is done in a folder beside
    the zip, under the zip's lock (see sitefolder): a second bundle of the same archive waits,
    and a killed one leaves nothing that the next one does not remove."""
    title, site_dir = _site_name(config_file)
    folder = slugify(title) or "archive"  # the zip's name and its top folder
    target = (out_dir / f"{folder}-offline.zip").resolve()
    try:  # a zip inside the site would be swapped away with its lock by the next build
        sitefolder.check_apart({"the offline zip": target}, {"the site folder (site_dir)": site_dir, **(
            {"the content folder": content_dir} if content_dir is not None else {})})
    except sitefolder.FolderClash as exc:
        raise Abort(str(exc)) from None
    with sitefolder.Lock(target):
        sitefolder.clear_debris(target)
        work = sitefolder.staging(target)
        try:
            return _make(config_file, work, target, title, folder, content_dir, now, progress)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _make(config_file: Path, work: Path, target: Path, title: str, folder: str, content_dir: Path | None,
          now: dt.datetime | None, progress: Progress | None) -> BundleResult:
    site = work / "site"
    # Built in a folder of its own each time: nothing to reuse, nothing to remember.
    result = build_site(config_file, site, content_dir=content_dir, offline=True, progress=progress, reuse=False)
    files = sorted(p for p in site.rglob("*") if p.is_file() and p.relative_to(site).as_posix() not in NOT_OFFLINE)
    sums = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    manifest = {
        "archive": title,
        "built": (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat(),
        "version": archive_version(config_file.resolve().parent),
        "documents": result.tally.documents,
        "entities": result.tally.entities,
        "annotations": result.tally.annotations,
        "open": "index.html",
        "files": sums,
    }
    partial = work / target.name  # written whole, then moved in
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", README.format(title=title, folder=folder))
        for rel in sums:
            zf.write(site / rel, f"{folder}/{rel}")
        zf.writestr(f"{folder}/manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        zf.writestr(f"{folder}/SHA256SUMS", "".join(f"{digest}  {rel}\n" for rel, digest in sums.items()))
    partial.replace(target)
    return BundleResult(target, manifest["documents"], len(sums), result)


def _site_name(config_file: Path) -> tuple[str, Path]:
    """The archive's name and its hosted site's folder, from mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    return config.site_name, Path(config.site_dir)
