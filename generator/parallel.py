"""Use every core: MkDocs and Jinja run on one, so the portal's slow stages are split across
forked worker processes (Linux and macOS), each handed its share of the work by fork itself, so
nothing but the results crosses a pipe.

How many processes: every core this process may use, unless a caller says otherwise for what it runs (the
MkDocs plugin's `workers` setting, through use() and reset(); `with using(n):` elsewhere). One worker turns it
off (everything runs in this process, as plain MkDocs would); the site is byte-for-byte the same either way
(tests/test_parallel.py)."""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


# The count a caller set for what runs in its thread (a context variable: a `mkdocs serve` rebuild in another
# thread, or a test, sees only its own); None: every core.
_count: contextvars.ContextVar[int | None] = contextvars.ContextVar("workers", default=None)


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def workers() -> int:
    """How many processes to split work over: the count set with use() or using(), else cores()."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return _count.get() or cores()


def use(count: int | None) -> contextvars.Token:
    """Split work over `count` processes (None: every core) in this thread until reset(the token returned)."""
    if count is not None and count < 1:
        raise ValueError(f"workers: {count} (at least 1, or None for every core)")
    return _count.set(count)


def reset(token: contextvars.Token) -> None:
    """The count as before use() returned `token`."""
    try:
        _count.reset(token)
    except ValueError:  # made in another thread's context (a build interrupted in `mkdocs serve`): nothing to undo
        pass


@contextlib.contextmanager
def using(count: int | None) -> Iterator[None]:
    """`with using(1):` everything inside runs in this process; using(2), two processes whatever the cores."""
    token = use(count)
    try:
        yield
    finally:
        reset(token)


_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def _die_with(parent: int) -> None:
    """A worker is killed with its parent (a build stopped by SIGKILL leaves no process behind)."""
    if _libc is not None:
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)


class _Failed:
    """An exception raised in a worker, carried back to be raised again here."""

    def __init__(self, exc: BaseException):
        self.text = "".join(traceback.format_exception(exc))
        try:
            pickle.dumps(exc)
            self.exc: BaseException | None = exc
        except Exception:
            self.exc = None

    def raise_(self):
        raise (self.exc or RuntimeError(self.text))


def start(fn: Callable[..., R], *args) -> Callable[[], R]:
    """Run fn(*args) in a forked child now; the returned function waits for its result.
    An exception in the child is raised again in the parent when the result is asked for.
    With one worker fn runs here and now."""
    if workers() <= 1:
        result = fn(*args)
        return lambda: result
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    parent = os.getpid()

    def child() -> None:
        _die_with(parent)
        receive.close()  # this end is the parent's: kept open here, a dead parent would leave the child blocked
        try:
            result = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
            result = _Failed(exc)
        send.send(result)

    process = context.Process(target=child, daemon=True)  # dies with the parent if the build is stopped
    process.start()
    send.close()
    cache: list = []

    def result() -> R:
        if not cache:
            try:
                cache.append(receive.recv())
            except EOFError:
                raise RuntimeError(f"worker process ended without a result (exit code {process.exitcode})") from None
            finally:
                process.join()
                receive.close()
        if isinstance(cache[0], _Failed):
            cache[0].raise_()
        return cache[0]

    return result


def split(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """items dealt into `parts` slices like cards (item i to slice i % parts), so that each slice gets its share
    of heavy and light items wherever they sit in the list; no empty slices."""
    parts = max(1, min(parts, len(items)))
    return [items[i::parts] for i in range(parts)]


def map_slices(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T], parts: int | None = None) -> list[R]:
    """fn over the slices of items (split), one forked child per slice; fn returns one result per item, and the
    results come back in the order of items. With one worker (or one item) fn runs here, in this process."""
    parts = workers() if parts is None else parts
    if parts <= 1 or len(items) <= 1:
        return list(fn(items))
    slices = split(items, parts)
    pending = [start(fn, part) for part in slices]
    results: list = [None] * len(items)
    for i, wait in enumerate(pending):
        results[i :: len(slices)] = wait()
    return results
