import pytest

import kerata
from kerata.src.saving import object_registration


def test_register_keras_serializable_names_and_finds_class():
    @kerata.saving.register_keras_serializable(package="TestReg")
    class Scale(kerata.layers.Layer):
        def get_config(self):
            return super().get_config()

    assert kerata.saving.get_registered_name(Scale) == "TestReg>Scale"
    assert kerata.saving.get_registered_object("TestReg>Scale") is Scale
    assert kerata.saving.get_custom_objects()["TestReg>Scale"] is Scale


def test_register_with_explicit_name():
    @kerata.saving.register_keras_serializable("TestReg", name="triple")
    def fn(x):
        return x * 3

    assert kerata.saving.get_registered_name(fn) == "TestReg>triple"


def test_register_twice_raises():
    def twice(x):
        return x

    kerata.saving.register_keras_serializable("TestReg2")(twice)
    with pytest.raises(ValueError, match="already been registered"):
        kerata.saving.register_keras_serializable("TestReg2")(twice)


def test_register_class_without_get_config_raises():
    class Plain:
        pass

    with pytest.raises(ValueError, match="get_config"):
        kerata.saving.register_keras_serializable("TestReg")(Plain)


def test_custom_object_scope_is_nested_and_restored():
    def a(x):
        return x

    def b(x):
        return x

    with kerata.utils.custom_object_scope({"a": a}):
        with kerata.saving.CustomObjectScope({"b": b}):
            assert kerata.saving.get_registered_object("a") is a
            assert kerata.saving.get_registered_object("b") is b
        assert kerata.saving.get_registered_object("b") is None
    assert kerata.saving.get_registered_object("a") is None
    assert object_registration.scope_objects() == {}


def test_get_registered_object_falls_back_to_given_dicts():
    def f(x):
        return x

    assert kerata.saving.get_registered_object("f", {"f": f}) is f
    assert kerata.saving.get_registered_object("f", None, {"f": f}) is f
    assert kerata.saving.get_registered_name(f) == "f"
