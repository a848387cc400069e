"""The `>>>` examples in cybenko's docstrings run as doctests with the tests (`--doctest-modules`
and `testpaths` in pyproject.toml). Each example imports what it uses, as a reader would type it
(`>>> import cybenko as torch`): nothing is added to its namespace here.
"""

import importlib.util

# The lab draws with matplotlib, the lab extra; without it its modules cannot even be imported.
if importlib.util.find_spec("matplotlib") is None:
    collect_ignore_glob = ["cybenko/lab/*"]
