"""`python -m cybenko lab ...`: the lab's command line (cybenko.lab.cli).

An entry point, not part of the framework: `import cybenko` never loads this file, so the
rule of the floors (the framework never imports the lab) holds for everything it loads.
"""

import sys

from cybenko.lab.cli import main

if __name__ == "__main__":
    sys.exit(main())
