"""Finding the input files a build is given: files, folders (read recursively) and glob patterns.

Nothing here raises on a path it cannot read: each such path comes back as a *problem*, ``(path,
reason)``, with a one-line reason — a folder that cannot be listed, a file that cannot be looked at, a
link to nothing, a link that loops. Hidden files and folders (a name starting with ``.``) are left out.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from pathlib import Path

Problem = tuple[Path, str]

_MAGIC = "*?["


def is_pattern(text: str) -> bool:
    """Does ``text`` hold a glob wildcard (``*``, ``?``, ``[``)?"""
    return any(c in text for c in _MAGIC)


def why_unusable(path: Path) -> str | None:
    """``None`` when ``path`` can be looked at (it may not exist); else the reason, one line: a link to
    nothing, a link that loops, or the system's refusal (``cannot read: Permission denied``)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"link to nothing ({os.readlink(path)})"
        return None
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "link that loops (it leads back to itself)"
        return f"cannot read: {e.strerror or e}"
    return None


def files_in_folder(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Every file under ``folder``, sorted, hidden ones left out; links to files and folders are
    followed, a link back to a folder read before is a problem (a loop), and so is every folder that
    cannot be listed and every link to nothing. Sockets, pipes and devices are problems too."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        d = stack.pop()
        try:
            st = os.stat(d)
            if (st.st_dev, st.st_ino) in seen:
                problems.append((d, "link that loops (to a folder already read)"))
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            problems.append((d, f"cannot read folder: {e.strerror or e}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            reason = why_unusable(path) if entry.is_symlink() else None
            if reason:
                problems.append((path, reason))
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as e:
                problems.append((path, f"cannot read: {e.strerror or e}"))
                continue
            if stat.S_ISDIR(mode):
                stack.append(path)
            elif stat.S_ISREG(mode):
                files.append(path)
            else:
                problems.append((path, "not a file (a socket, pipe or device)"))
    return sorted(files), problems


def files_matching(pattern: str) -> tuple[list[Path], list[Problem]]:
    """The files a glob pattern (``corpus/**/*.txt``: ``**`` is any depth) matches, sorted, with the
    problems met: each folder the pattern needed to list and could not, each matching link to nothing
    or link that loops. Python's ``glob`` finds the matches; it passes over what it cannot read in
    silence, so the folders it had to list are looked at again here."""
    matches = glob.glob(pattern, recursive=True)
    problems: list[Problem] = []
    parts = Path(pattern).parts
    listed: set[str] = set()
    for k in range(1, len(parts)):  # the folders whose listing part k of the pattern needs
        if not is_pattern(parts[k]):
            continue
        prefix = os.path.join(*parts[:k])
        for folder in (glob.glob(prefix, recursive=True) if is_pattern(prefix) else [prefix]):
            if folder in listed or not os.path.isdir(folder):
                continue
            listed.add(folder)
            try:
                with os.scandir(folder):
                    pass
            except OSError as e:
                problems.append((Path(folder), f"cannot read folder: {e.strerror or e}"))
    files = []
    for m in matches:
        path = Path(m)
        reason = why_unusable(path)
        if reason:
            problems.append((path, reason))
        elif os.path.isfile(path):
            files.append(path)
    return sorted(files), problems
