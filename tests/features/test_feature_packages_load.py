"""Every feature package loads as its users load it: every module in either order, every model
complete, both clients built, every resource touched (see tests/load_everything.py).

`recursive_tagged.yaml` is the shape that used to fail here: a discriminated oneOf alias in a
module of mutually recursive models was evaluated before the classes it names.
"""

from __future__ import annotations

import pytest
from feature_harness import POSITIVE, FeatureSet
from load_everything import load_everything


@pytest.mark.parametrize("stem", POSITIVE)
def test_every_module_of_a_feature_package_loads(features: FeatureSet, stem: str) -> None:
    assert load_everything(features.out, features.api(stem)) == []
