"""Every differentiable op of cybenko, one Function class each, grouped by family.

NumPy warns about overflow, division by zero and invalid values (log(-1) -> nan). torch
computes the same inf and nan silently, so the ops do too: warnings raised from cybenko's own
modules are filtered here, once, instead of wrapping every op in np.errstate (which costs more
than a small op itself).
"""

import warnings

warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"cybenko\.")
