import os
import re
import shutil
import sys

import pytest

import kerata
from kerata.src import backend
from kerata.src.utils import model_visualization
from kerata.src.utils.model_visualization import DotEdge
from kerata.src.utils.model_visualization import DotGraph
from kerata.src.utils.model_visualization import DotNode
from kerata.src.utils.model_visualization import model_to_dot
from kerata.src.utils.model_visualization import plot_model

needs_graphviz = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz's `dot` is not installed (apt-get install graphviz)",
)


def _sequential():
    return kerata.Sequential(
        [
            kerata.Input((4,), name="x"),
            kerata.layers.Dense(3, activation="relu", name="hidden"),
            kerata.layers.Dense(1, name="out"),
        ],
        name="inner",
    )


def _nested_functional(inner):
    a = kerata.Input((4,), name="a")
    b = kerata.Input((4,), name="b")
    merged = kerata.layers.Concatenate(name="cat")([inner(a), inner(b)])
    out = kerata.layers.Dense(2, name="head")(merged)
    return kerata.Model([a, b], out, name="outer")


def _names(model):
    """Node id -> layer name, for every layer drawn (nested too)."""
    names = {}
    for layer in model.layers:
        names[str(id(layer))] = layer.name
        if hasattr(layer, "layers"):
            names.update(_names(layer))
    for layer in getattr(model, "operations", []):
        names[str(id(layer))] = layer.name
    return names


def _structure(dot, names):
    """Nodes, edges (as layer names) and clusters of a graph, recursively."""
    nodes = [names[n.get_name()] for n in dot.get_nodes()]
    edges = {
        (names[e.get_source()], names[e.get_destination()])
        for e in dot.get_edges()
    }
    clusters = {}
    for sub in dot.get_subgraphs():
        clusters[sub.get_name()] = _structure(sub, names)
    return nodes, edges, clusters


def test_sequential_is_a_chain_without_input_layer():
    model = _sequential()
    dot = model_to_dot(model)
    nodes, edges, clusters = _structure(dot, _names(model))
    assert nodes == ["hidden", "out"]
    assert edges == {("hidden", "out")}
    assert clusters == {}
    text = dot.to_string()
    assert text.startswith("digraph G {")
    assert 'rankdir="TB";' in text
    assert "dpi=200;" in text
    assert 'node [shape="record"];' in text
    assert text.count(" -> ") == 1


def test_labels_show_names_shapes_dtype_activation_and_trainable():
    model = _sequential()
    model.get_layer("out").trainable = False
    dot = model_to_dot(
        model,
        show_shapes=True,
        show_dtype=True,
        show_layer_activations=True,
        show_trainable=True,
    )
    hidden, out = (n.get_label() for n in dot.get_nodes())
    assert "<b>hidden</b> (Dense)" in hidden
    assert "Activation: <b>relu</b>" in hidden
    assert "Input shape: <b>(None, 4)</b>" in hidden
    assert "Output shape: <b>(None, 3)</b>" in hidden
    assert "Output dtype: <b>float32</b>" in hidden
    assert "<b>Trainable</b>" in hidden
    assert "<b>Non-trainable</b>" in out
    assert hidden.startswith("<<table")
    assert hidden.endswith("</table>>")
    plain = model_to_dot(model, show_layer_names=False).get_nodes()[0]
    assert "<b>Dense</b>" in plain.get_label()
    assert "hidden" not in plain.get_label()


def test_functional_graph_with_shared_nested_model():
    inner = _sequential()
    model = _nested_functional(inner)
    dot = model_to_dot(model, show_shapes=True)
    nodes, edges, clusters = _structure(dot, _names(model))
    assert nodes == ["a", "b", "inner", "cat", "head"]
    assert edges == {("a", "inner"), ("b", "inner"), ("inner", "cat")} | {
        ("cat", "head")
    }
    assert clusters == {}
    labels = {names: n.get_label() for names, n in zip(nodes, dot.get_nodes())}
    # Input layers show only their output shape.
    assert "Input shape" not in labels["a"]
    assert "Output shape: <b>(None, 4)</b>" in labels["a"]
    assert "Input shape: <b>[(None, 1), (None, 1)]</b>" in labels["cat"]


def test_expand_nested_draws_a_cluster_and_resolves_edges():
    inner = _sequential()
    model = _nested_functional(inner)
    dot = model_to_dot(model, expand_nested=True)
    nodes, edges, clusters = _structure(dot, _names(model))
    assert nodes == ["a", "b", "cat", "head"]
    assert edges == {
        ("a", "hidden"),
        ("b", "hidden"),
        ("out", "cat"),
        ("cat", "head"),
    }
    assert clusters == {
        "cluster_inner": (["hidden", "out"], {("hidden", "out")}, {})
    }
    (cluster,) = dot.get_subgraphs()
    assert cluster.get("label") == "inner"
    assert cluster.get("style") == "dashed"
    assert 'subgraph "cluster_inner" {' in dot.to_string()


def test_expand_nested_functional_points_at_its_input_layer():
    x = kerata.Input((3,), name="inner_in")
    inner = kerata.Model(x, kerata.layers.Dense(2, name="proj")(x), name="sub")
    outer_in = kerata.Input((3,), name="outer_in")
    out = kerata.layers.Dense(1, name="final")(inner(outer_in))
    model = kerata.Model(outer_in, out, name="outer")
    dot = model_to_dot(model, expand_nested=True)
    nodes, edges, clusters = _structure(dot, _names(model))
    assert nodes == ["outer_in", "final"]
    assert edges == {("outer_in", "inner_in"), ("proj", "final")}
    assert clusters == {
        "cluster_sub": (["inner_in", "proj"], {("inner_in", "proj")}, {})
    }


def test_subclassed_model_is_one_box():
    class Tiny(kerata.Model):
        def __init__(self):
            super().__init__(name="tiny")
            self.dense = kerata.layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    model = Tiny()
    model(kerata.ops.ones((1, 3)))
    dot = model_to_dot(model)
    (node,) = dot.get_nodes()
    assert "<b>tiny</b> (Tiny)" in node.get_label()
    assert dot.get_edges() == []


def test_invalid_arguments_raise():
    with pytest.raises(ValueError, match="not been built"):
        model_to_dot(kerata.Sequential([kerata.layers.Dense(2)]))
    model = _sequential()
    with pytest.raises(ValueError, match="layer_range"):
        model_to_dot(model, layer_range=["hidden", "out"])
    with pytest.raises(ValueError, match="Unrecognized keyword"):
        model_to_dot(model, colour=True)
    with pytest.raises(ValueError, match="rankdir"):
        model_to_dot(model, rankdir="XY")
    with pytest.raises(ValueError, match="format"):
        model_to_dot(model).create(format="png; rm")


def test_dot_graph_text_quotes_and_escapes():
    graph = DotGraph(rankdir="LR", concentrate=True)
    graph.set_node_defaults(shape="record")
    graph.add_node(DotNode("a", label='say "hi"'))
    graph.add_node(DotNode("b", label="<<b>bold</b>>"))
    graph.add_edge(DotEdge("a", "b", penwidth="2"))
    assert graph.get_edge("a", "b")
    assert not graph.get_edge("b", "a")
    assert graph.to_string().splitlines() == [
        "digraph G {",
        'rankdir="LR";',
        "concentrate=true;",
        'node [shape="record"];',
        '"a" [label="say \\"hi\\""];',
        '"b" [label=<<b>bold</b>>];',
        '"a" -> "b" [penwidth="2"];',
        "}",
    ]


def test_layer_names_are_html_escaped():
    x = kerata.Input((2,), name="in<&>")
    model = kerata.Model(x, kerata.layers.Dense(1, name="d")(x))
    label = model_to_dot(model).get_nodes()[0].get_label()
    assert "<b>in&lt;&amp;&gt;</b>" in label


def test_missing_graphviz_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(model_visualization.shutil, "which", lambda _: None)
    with pytest.raises(ImportError, match="apt-get install graphviz"):
        plot_model(_sequential(), to_file=str(tmp_path / "m.png"))
    assert not os.listdir(tmp_path)
    # The DOT source itself needs no Graphviz.
    path = tmp_path / "m.gv"
    model_to_dot(_sequential()).write(path)
    assert path.read_text().startswith("digraph G {")


@needs_graphviz
@pytest.mark.parametrize(
    ("extension", "magic"),
    [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF"), ("dot", b"")],
)
def test_plot_model_renders_by_extension(tmp_path, extension, magic):
    path = tmp_path / f"model.{extension}"
    plot_model(
        _nested_functional(_sequential()),
        to_file=path,
        show_shapes=True,
        expand_nested=True,
        dpi=40,
    )
    data = path.read_bytes()
    assert magic in data[:400]
    if extension == "dot":
        # Graphviz's laid-out DOT: positions added to our graph.
        assert b"cluster_inner" in data
        assert b"pos=" in data
    assert sorted(os.listdir(tmp_path)) == [f"model.{extension}"]


@needs_graphviz
def test_write_helpers_and_create(tmp_path):
    dot = model_to_dot(_sequential(), rankdir="LR")
    assert dot.create(format="svg").lstrip().startswith(b"<?xml")
    assert dot.create_png()[:4] == b"\x89PNG"
    assert dot.write_png(tmp_path / "a.png") is True
    dot.write_svg(str(tmp_path / "a.svg"))
    dot.write_pdf(tmp_path / "a.pdf")
    dot.write_raw(tmp_path / "a.gv")
    assert (tmp_path / "a.pdf").read_bytes()[:4] == b"%PDF"
    assert (tmp_path / "a.gv").read_text() == dot.to_string()
    svg = (tmp_path / "a.svg").read_text()
    # Every layer box is drawn, with its title text.
    assert len(re.findall(r'class="node"', svg)) == 2
    assert "hidden" in svg
    assert "out" in svg


@pytest.mark.parity
def test_structure_matches_keras(monkeypatch):
    """Keras's own model_to_dot, run on a stand-in for pydot made of our
    DOT classes, draws the same boxes, labels, edges and clusters."""
    if "keras" not in sys.modules:
        os.environ.setdefault("KERAS_BACKEND", backend.backend())
    if os.environ.get("KERAS_BACKEND") not in ("torch", "jax", "numpy"):
        pytest.skip("keras was imported with another backend")
    keras = pytest.importorskip("keras")
    from keras.src.utils import model_visualization as keras_vis

    class FakePydot:
        Dot = DotGraph
        Node = DotNode
        Edge = DotEdge

        @staticmethod
        def Cluster(style, graph_name):  # noqa: N802 - pydot's name
            return DotGraph(graph_name, cluster=True, style=style)

    monkeypatch.setattr(keras_vis, "pydot", FakePydot)

    def build(lib):
        inner = lib.Sequential(
            [
                lib.Input((4,), name="x"),
                lib.layers.Dense(3, activation="relu", name="hidden"),
                lib.layers.Dense(1, name="out"),
            ],
            name="inner",
        )
        a = lib.Input((4,), name="a")
        b = lib.Input((4,), name="b")
        merged = lib.layers.Concatenate(name="cat")([inner(a), inner(b)])
        out = lib.layers.Dense(2, name="head")(merged)
        return lib.Model([a, b], out, name="outer")

    options = {
        "show_shapes": True,
        "show_dtype": True,
        "show_layer_activations": True,
        "show_trainable": True,
    }
    for expand in (False, True):
        theirs_model, ours_model = build(keras), build(kerata)
        theirs = keras_vis.model_to_dot(
            theirs_model, expand_nested=expand, **options
        )
        ours = model_to_dot(ours_model, expand_nested=expand, **options)
        assert _structure(ours, _names(ours_model)) == _structure(
            theirs, _names(theirs_model)
        )
        ours_labels = [n.get_label() for n in ours.get_nodes()]
        theirs_labels = [n.get_label() for n in theirs.get_nodes()]
        assert ours_labels == theirs_labels
        assert ours.get_attributes() == theirs.get_attributes()
