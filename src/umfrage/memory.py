"""Handing memory that large reads left behind back to the operating system.

Reading a wave of a million responses leaves hundreds of MB in the allocators' free lists
(pyarrow's memory pool and the C library's heap) that the process does not use again soon but
that still count as its resident memory. Where a large step ends and a large one follows (the
export writes the file after reading the frame), :func:`give_back` returns them, so that the
peaks of the two steps do not add up.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable
from typing import Any


@functools.cache
def _malloc_trim() -> Callable[[int], Any] | None:
    """glibc's ``malloc_trim`` (None elsewhere, e.g. musl or macOS: nothing to do there)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], Any] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def give_back() -> None:
    """Release the unused memory of pyarrow's pool and of the C heap."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
