"""Reading user files and describing OS failures in one line (light: stdlib only).

Every OS error a user can cause (a path that is a file, a folder that is read-only, a full
disk, a symlink loop) is described the same way wherever it happens: the path, what is wrong
in words, and what to do about it.
"""

from __future__ import annotations

import errno
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from backtests.errors import ConfigError

# errno -> (what is wrong, the fix); unknown errnos fall back to the OS's own words.
_OS_ERRORS = {
    errno.ENOENT: ("does not exist", "check the path"),
    errno.EACCES: ("permission denied", "fix the permissions or choose another location"),
    errno.EPERM: ("operation not permitted", "fix the permissions or choose another location"),
    errno.EROFS: ("is on a read-only file system", "choose a writable location"),
    errno.ENOSPC: ("no space left on the device", "free some space or choose another disk"),
    errno.EDQUOT: ("disk quota exceeded", "free some space or choose another disk"),
    errno.EEXIST: ("already exists", "remove it or choose another name"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
    errno.EISDIR: ("is a folder, not a file", "give the path of a file"),
    errno.ELOOP: ("is a symbolic-link loop", "fix or remove the link"),
    errno.ENAMETOOLONG: ("the name is too long", "use a shorter path"),
    errno.EMFILE: ("too many open files", "raise the limit (ulimit -n) and retry"),
    errno.EIO: ("input/output error (disk or network storage failing)", "check the disk"),
    errno.ENOTEMPTY: ("is a folder that is not empty", "remove it or choose another name"),
    errno.EXDEV: ("cannot be moved across file systems", "keep it on one file system"),
}


_WRITES = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def os_error_line(e: OSError, action: str | None = None) -> str:
    """'cannot write PATH: WHAT (ECODE); FIX' for any OSError."""
    action = action or ("cannot write" if e.errno in _WRITES else "cannot use")
    path = e.filename if e.filename is not None else "a file"
    what, fix = _OS_ERRORS.get(e.errno or 0, (str(e.strerror or e).lower(), "check the path"))
    if e.errno in (errno.EEXIST, errno.ENOTDIR) and e.filename is not None:
        what, fix = _refine_exists(Path(str(e.filename)), what, fix)
    code = errno.errorcode.get(e.errno or 0)
    return f"{action} {path}: {what}" + (f" ({code})" if code else "") + f"; {fix}"


def _refine_exists(path: Path, what: str, fix: str) -> tuple[str, str]:
    """EEXIST/ENOTDIR usually mean 'a file stands where a folder is needed': say so."""
    for p in (path, *path.parents):
        if p.exists() and not p.is_dir():
            return (f"{p} is a file, not a folder" if p != path else "is a file, not a folder",
                    "remove or rename that file, or choose another location")
    return what, fix


def writable_folder(path: Path, where: str) -> Path:
    """`path` as a folder that can be written (created if missing), or one ConfigError naming
    `where` (the argument: --out on the command line, out in Python). Called before any work:
    a run must not compute for a minute and then fail on its output folder."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{where} {path} is a file, not a folder; give a folder (it is "
                          "created if missing)")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path, prefix=".tmp-probe-") as fh:
            fh.write(b"x")
            fh.flush()
    except OSError as e:
        raise ConfigError(f"{where}: " + os_error_line(e, "cannot write to")) from None
    return path


def read_text(path: Path, what: str) -> str:
    """A UTF-8 text file (a leading BOM is accepted); failures are one ConfigError line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} not found") from None
    except OSError as e:
        raise ConfigError(os_error_line(e, f"cannot read {what}")) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: {what} is not UTF-8 text (byte 0x{raw[e.start]:02x} at "
                          f"offset {e.start}); re-save it as UTF-8") from None


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """A TOML file as a dict; missing, unreadable, non-UTF-8 or invalid -> one ConfigError."""
    text = read_text(path, what)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e}); fix the syntax") from None
