"""Read leases on the memory-mapped files of an open generation: no read of ours runs past a file's end.

An index file is never changed once written, but another process may still truncate or rewrite one in place. A
memory-mapped read past the new end of a truncated file kills the reading process (SIGBUS) before Python can
catch anything, and checking sizes before each request leaves the few milliseconds of the request's own reads.

Linux read leases close that gap: while a process holds one, the kernel holds back any other process that
truncates the file or opens it for writing, and first signals the holder (SIGIO). The holder then marks the
generation as changed (new requests go to a freshly verified generation), waits for the requests already reading
it, and lets go; only then does the other process's truncation or write go ahead. A server takes leases
(``install`` at start); where leases are not available (another owner, a file system without them) the server
keeps its size checks and its supervising parent, which replaces a worker killed by such a read.
"""

from __future__ import annotations

import fcntl
import logging
import os
import resource
import signal
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger("tongwen.index")

# The kernel breaks a lease by force after /proc/sys/fs/lease-break-time (45 s by default); requests in flight
# get this long to finish first, well inside it.
READERS_GRACE_SECONDS = 20.0

_installed = False
_open: weakref.WeakSet[Leases] = weakref.WeakSet()


def install() -> bool:
    """Take SIGIO for lease breaks in this process, from its main thread; True when leases will be taken.

    Also raises the soft limit of open files to the hard one: a lease is an open file, one per mapped file.
    """
    global _installed
    if not hasattr(fcntl, "F_SETLEASE") or threading.current_thread() is not threading.main_thread():
        return False
    signal.signal(signal.SIGIO, _on_break)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass
    _installed = True
    return True


def _on_break(signum, frame) -> None:
    for leases in list(_open):
        leases.check()


def _close_all(fds: list[int]) -> None:
    while fds:
        try:
            os.close(fds.pop())  # closing the descriptor lets go of its lease
        except OSError:
            pass


class Leases:
    """Read leases on a set of files, and the count of requests reading them.

    ``held`` is False where no lease could be taken (not installed, not the files' owner, no support): then
    ``changed`` is never set and reading goes on as without leases.
    """

    def __init__(self, paths: Iterable[Path]):
        self.changed = threading.Event()
        self.released = threading.Event()
        self._fds: list[int] = []
        self._readers = 0
        # Reentrant: the SIGIO handler runs on the main thread, which may be inside ``enter`` or ``leave`` itself.
        self._idle = threading.Condition(threading.RLock())
        self.held = _installed and self._take(list(paths))
        # A generation that is dropped lets go of its files (the searcher drops, never closes, an old state).
        self._finalizer = weakref.finalize(self, _close_all, self._fds)
        if self.held:
            _open.add(self)

    def _take(self, paths: list[Path]) -> bool:
        for path in paths:
            try:
                fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                _close_all(self._fds)
                return False
            self._fds.append(fd)
            try:
                fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
            except OSError as exc:  # EACCES: another owner; EAGAIN: open for writing somewhere; EINVAL: no support
                log.info("no read lease on %s (%s); relying on size checks", path.name, exc.strerror)
                _close_all(self._fds)
                return False
        return True

    def enter(self) -> bool:
        """Count a request that reads the files; False, counting nothing, once another process has asked to change
        one of them."""
        with self._idle:
            if self.changed.is_set():
                return False
            self._readers += 1
            return True

    def leave(self) -> None:
        """The request counted by ``enter`` has finished reading."""
        with self._idle:
            self._readers -= 1
            self._idle.notify_all()

    def check(self) -> None:
        """On SIGIO: if another process is waiting to change one of the files, stop new reads and let go once the
        reads in flight are done."""
        if self.changed.is_set() or not self._fds:
            return
        try:
            waiting = any(fcntl.fcntl(fd, fcntl.F_GETLEASE) != fcntl.F_RDLCK for fd in self._fds)
        except OSError:
            waiting = True
        if waiting:
            with self._idle:
                self.changed.set()
            threading.Thread(target=self._let_go, name="tongwen-lease", daemon=True).start()

    def _let_go(self) -> None:
        with self._idle:
            self._idle.wait_for(lambda: self._readers == 0, timeout=READERS_GRACE_SECONDS)
        log.warning("another process is changing a file of the open index generation; moving off it")
        self._finalizer()
        self.released.set()
