"""The playground's settings (cybenko.lab.playground.settings): the defaults, the options the
page is built from, the URL encoding (every setting survives a round trip through the query
string, as the page writes it), and validation: every bad value raises SettingsError naming
the field, with a sentence that says what to give instead.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest

from cybenko.lab.playground import settings as settings_module
from cybenko.lab.playground.settings import (
    DATASETS,
    KEYS,
    LIMITS,
    OPTIMIZERS,
    Settings,
    SettingsError,
    options,
)


def test_defaults_are_the_xor_net_of_the_issue():
    s = Settings.parse({})
    assert (s.dataset, s.hidden, s.act, s.loss, s.opt) == ("xor", (4,), ("tanh",), "bce", "adam")
    assert s.features == ("x1", "x2") and s.engine == "cybenko"
    assert dict(s.hyper) == {k: v for k, v in OPTIMIZERS["adam"][1].items() if k != "lr"}
    assert s.optimizer_kwargs == {"lr": 0.03, "betas": (0.9, 0.999), "weight_decay": 0.0}


def test_options_hold_every_choice_the_limits_and_the_defaults():
    got = options()
    json.dumps(got, allow_nan=False)  # what GET /api/options sends
    assert [d["name"] for d in got["datasets"]] == list(DATASETS)
    assert {d["kind"] for d in got["datasets"]} == {"classify", "regress"}
    assert set(got["activations"]) == {"relu", "leaky_relu", "tanh", "sigmoid", "linear", "step"}
    assert got["inits"] == ["default", "xavier", "he", "zeros"]
    assert got["losses"] == ["mse", "bce", "ce"]
    assert got["optimizers"]["sgd"]["lr"] > 0 and "momentum" in got["optimizers"]["sgd"]
    assert got["limits"]["layers"] == 6 and got["limits"]["neurons"] == 64
    assert got["limits"]["points"] == [50, 2000]
    assert got["defaults"] == Settings.parse({}).to_dict()
    assert set(got["defaults"]) <= set(KEYS)
    assert "cybenko" in got["engines"]


ROUND_TRIPS = [
    {},
    {"dataset": "spirals", "hidden": "8,8,8", "act": "relu,tanh,step", "features": "x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)"},  # noqa: E501
    {"dataset": "sin_exp", "loss": "mse", "hidden": "", "features": "x1,sin(x1)", "noise": 0.1},
    {"opt": "sgd", "lr": 0.5, "momentum": 0.9, "weight_decay": 1e-4, "batch": 1, "seed": 0},
    {"opt": "rmsprop", "alpha": 0.9, "dropout": 0.25, "l1": 1e-3, "l2": 3e-5, "init": "he"},
    {"dataset": "circles", "loss": "ce", "opt": "adadelta", "rho": 0.95, "test_fraction": 0.3},
    {"dataset": "dnnex2", "loss": "mse", "opt": "lbfgs", "points": 2000, "batch": 2000},
]


@pytest.mark.parametrize("values", ROUND_TRIPS)
def test_the_url_round_trip_gives_the_same_settings(values):
    s = Settings.parse(values)
    assert Settings.from_query(s.to_query()) == s
    assert Settings.from_query("?" + s.to_query()) == s
    assert Settings.parse(s.to_dict()) == s
    # as a browser's URLSearchParams writes it: commas, ^, *, ( and ) percent-encoded
    assert Settings.from_query(urlencode(s.to_dict() | _joined(s), quote_via=quote)) == s


def _joined(s: Settings) -> dict:
    return {k: ",".join(map(str, v)) for k, v in s.to_dict().items() if isinstance(v, list)}


def test_the_query_is_flat_and_readable():
    s = Settings.parse({"hidden": [8, 8], "act": ["relu", "relu"], "lr": "0.01"})
    query = s.to_query()
    assert "hidden=8,8" in query and "act=relu,relu" in query and "lr=0.01" in query


def test_a_json_body_may_give_numbers_strings_or_lists():
    a = Settings.parse({"hidden": [8, 8], "act": "relu", "points": 300, "lr": 0.1})
    b = Settings.parse({"hidden": "8,8", "act": ["relu", "relu"], "points": "300.0", "lr": "0.1"})
    assert a == b and a.act == ("relu", "relu")


def test_hyper_parameters_of_another_optimizer_are_ignored_and_missing_ones_defaulted():
    s = Settings.parse({"opt": "adamw", "momentum": 0.5})
    assert dict(s.hyper) == {"beta1": 0.9, "beta2": 0.999, "weight_decay": 0.01}
    assert Settings.parse({"opt": "adadelta"}).lr == 1.0


def test_features_that_need_x2_are_left_out_on_a_1d_dataset():
    s = Settings.parse({"dataset": "sin_exp", "loss": "mse", "features": "x1,x2,sin(x1)"})
    assert s.used_features == ("x1", "sin(x1)")
    assert s.features == ("x1", "x2", "sin(x1)")  # kept for the URL: back on a 2-D dataset


BAD = [
    # (values, field, words the message must hold)
    ({"hidden": "4,0"}, "hidden", "hidden layer 2 has 0 neurons; give 1 to 64"),
    ({"hidden": "65"}, "hidden", "hidden layer 1 has 65 neurons; give 1 to 64"),
    ({"hidden": "4,x"}, "hidden", "the neurons of hidden layer 2 must be a whole number, got 'x'"),
    ({"hidden": "2.5"}, "hidden", "give 1 to 64"),
    ({"hidden": "1,1,1,1,1,1,1", "act": "relu"}, "hidden", "7 hidden layers is too many"),
    ({"hidden": {"a": 1}}, "hidden", "must be a list"),
    ({"act": "swish"}, "act", "activation 1, 'swish', is unknown; give one of relu"),
    ({"hidden": "4,4", "act": "relu,tanh,tanh"}, "act", "3 activation(s) for 2 hidden layer(s)"),
    ({"features": "x3"}, "features", "feature 'x3' is unknown"),
    ({"features": ""}, "features", "choose at least one input feature"),
    ({"features": "x1,x1"}, "features", "chosen twice"),
    ({"dataset": "dnnex0", "features": "x2"}, "features", "dnnex0 has one input, x1"),
    ({"dataset": "moons"}, "dataset", "dataset 'moons' is not one of the choices; give one of"),
    ({"noise": 2}, "noise", "noise 2 is out of range; give 0 to 1"),
    ({"noise": "lots"}, "noise", "noise must be a number, got 'lots'"),
    ({"points": 10}, "points", "points is 10, out of range; give 50 to 2000"),
    ({"points": "100.5"}, "points", "points must be a whole number"),
    ({"batch": 0}, "batch", "give 1 to 2000"),
    ({"batch": 300, "points": 200}, "batch", "batch 300 is larger than the 200 points"),
    ({"lr": 0}, "lr", "lr 0 is out of range; give more than 0 and at most 10"),
    ({"lr": 11}, "lr", "out of range"),
    ({"lr": "nan"}, "lr", "lr must be a number"),
    ({"lr": "inf"}, "lr", "lr must be a number"),
    ({"lr": True}, "lr", "lr must be a number"),
    ({"dropout": 0.95}, "dropout", "give 0 to 0.9"),
    ({"test_fraction": 0.05}, "test_fraction", "give 0.1 to 0.9"),
    ({"l1": -1}, "l1", "give 0 to 1"),
    ({"l2": None}, "l2", "l2 must be a number, got None"),
    ({"loss": "hinge"}, "loss", "loss 'hinge' is not one of the choices; give one of mse, bce"),
    ({"dataset": "sin_exp", "loss": "bce"}, "loss", "use the loss mse"),
    ({"init": "ones"}, "init", "give one of default, xavier, he, zeros"),
    ({"opt": "newton"}, "opt", "give one of sgd, adam"),
    ({"opt": "sgd", "momentum": 1.5}, "momentum", "momentum 1.5 is out of range; give 0 to"),
    ({"opt": "adam", "beta2": -0.1}, "beta2", "out of range"),
    ({"seed": -1}, "seed", "seed is -1, out of range"),
    ({"seed": 1.5}, "seed", "seed must be a whole number"),
    ({"engine": "jax"}, "engine", "give one of cybenko, torch, both"),
    ({"colour": "red"}, "colour", "unknown setting 'colour'; the settings are dataset"),
]


@pytest.mark.parametrize(("values", "field", "words"), BAD, ids=[b[1] for b in BAD])
def test_every_bad_value_names_its_field_and_says_what_to_give(values, field, words):
    with pytest.raises(SettingsError) as caught:
        Settings.parse(values)
    assert caught.value.field == field
    assert words in caught.value.message, caught.value.message
    assert str(caught.value) == caught.value.message


def test_a_body_that_is_not_an_object_is_refused():
    with pytest.raises(SettingsError, match="must be a JSON object"):
        Settings.parse(["xor"])


def test_a_key_given_twice_in_the_url_is_refused():
    with pytest.raises(SettingsError, match="lr is given twice") as caught:
        Settings.from_query("lr=0.1&lr=0.2")
    assert caught.value.field == "lr"


def test_a_long_bad_value_is_shortened_in_the_message():
    with pytest.raises(SettingsError) as caught:
        Settings.parse({"dataset": "x" * 500})
    assert len(caught.value.message) < 200


def test_the_torch_engines_need_torch(monkeypatch):
    monkeypatch.setattr(settings_module, "torch_available", lambda: False)
    for engine in ("torch", "both"):
        with pytest.raises(SettingsError, match="needs PyTorch, which is not installed") as caught:
            Settings.parse({"engine": engine})
        assert caught.value.field == "engine"
    assert options()["engines"] == ["cybenko"]
    assert Settings.parse({}).engine == "cybenko"


def test_the_limits_are_in_one_place():
    assert LIMITS["batch"] == [1, 2000] and LIMITS["dropout"] == [0, 0.9]
    assert LIMITS["lr"] == [0, 10] and LIMITS["noise"] == [0, 1]
