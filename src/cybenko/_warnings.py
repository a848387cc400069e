"""Warnings that point at the learner's line, not at cybenko's inside.

A fixed `stacklevel` breaks whenever a call path gains a frame (a wrapper, a Function.apply);
`warn` instead walks out of cybenko's own files and blames the first line outside them.
"""

from __future__ import annotations

import os
import sys
import warnings

_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
