"""`python -m cybenko lab ...`: the command line of the lab (see cybenko.lab.cli).

This file is the command-line door, not part of the framework: nothing imports it, so the lab
is looked up by name here, and the rule of the floors (the framework never imports the lab)
still holds for every module `import cybenko` loads."""

import importlib
import sys

if __name__ == "__main__":
    sys.exit(importlib.import_module("cybenko.lab.cli").main())
