"""The browser playground, `cybenko lab serve`: build a problem and a network in a page, train
it live with cybenko (or PyTorch) in the server process, watch the curves, the decision regions
and every neuron, and take the run away as a script or a safetensors checkpoint.

One idea a file: `settings` (the schema, its limits and the URL encoding), `problems` (the
datasets and input features, NumPy only), `session` (one training per page), `export` (the
script and the checkpoint) and `server` (the HTTP routes and the static page).
"""

from .settings import Settings, SettingsError

__all__ = ["Settings", "SettingsError"]
