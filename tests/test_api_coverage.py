"""The README's API coverage table is the one tools/api_coverage.py makes from today's code."""

import importlib
import json
import pathlib
import sys

import pytest

from oracle import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tools"))
import api_coverage  # noqa: E402


def test_the_readme_table_is_up_to_date():
    current = api_coverage.README.read_text()
    assert current == api_coverage.readme_with(api_coverage.table()), (
        "README.md's API coverage table is stale: run python tools/api_coverage.py --write"
    )


@pytest.mark.oracle
def test_the_course_list_names_only_what_torch_has():
    data = json.loads(api_coverage.NAMES.read_text())
    assert data["torch_version"] == torch.__version__.split("+")[0]
    owners = {"torch": torch, "Tensor": torch.Tensor}
    for group, names in data["names"].items():
        owner = owners.get(group) or importlib.import_module(f"torch.{group}")
        missing = [n for n in names if not hasattr(owner, n)]
        assert not missing, f"torch.{group} lacks {missing}"
