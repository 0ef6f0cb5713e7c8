"""`plot_model` and `model_to_dot`: draw a model's layer graph.

Keras builds a `pydot.Dot`; kerata writes the DOT text itself, so no
Python package is needed. Rendering to an image runs Graphviz's `dot`
program as a subprocess, and only that step needs Graphviz installed.
Models are read through the graph kerata stores: a functional model's
`_operations` and `_nodes`, a `Sequential`'s `_stack` (and the functional
graph it builds), each layer's `_inbound_nodes` and each symbolic tensor's
`_history` (the operation, node index and output index that made it).
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.utils import atomic_io

_GRAPHVIZ_HELP = (
    "Install Graphviz so that its `dot` program is on the PATH: "
    "`apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` "
    "(macOS), `conda install graphviz`, or an installer from the Graphviz "
    "download page (Windows); then check that `dot -V` runs."
)
_RANKDIRS = ("TB", "LR", "BT", "RL")


def _quote(value: Any) -> str:
    """A DOT attribute value or ID: HTML labels, numbers, quoted text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text.startswith("<") and text.endswith(">"):
        return text
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _attribute_list(attributes: dict) -> str:
    if not attributes:
        return ""
    items = ", ".join(f"{k}={_quote(v)}" for k, v in attributes.items())
    return f" [{items}]"


class DotNode:
    """One node of a `DotGraph`: a name and its DOT attributes."""

    def __init__(self, name: str, **attributes: Any) -> None:
        self.name = str(name)
        self.attributes = dict(attributes)

    def get_name(self) -> str:
        return self.name

    def get(self, name: str) -> Any:
        return self.attributes.get(name)

    def set(self, name: str, value: Any) -> None:
        self.attributes[name] = value

    def get_attributes(self) -> dict:
        return dict(self.attributes)

    def get_label(self) -> Any:
        return self.attributes.get("label")

    def to_string(self) -> str:
        return f"{_quote(self.name)}{_attribute_list(self.attributes)};"


class DotEdge:
    """One directed edge of a `DotGraph`, between two node names."""

    def __init__(self, source: str, destination: str, **attributes: Any):
        self.source = str(source)
        self.destination = str(destination)
        self.attributes = dict(attributes)

    def get_source(self) -> str:
        return self.source

    def get_destination(self) -> str:
        return self.destination

    def get(self, name: str) -> Any:
        return self.attributes.get(name)

    def set(self, name: str, value: Any) -> None:
        self.attributes[name] = value

    def get_attributes(self) -> dict:
        return dict(self.attributes)

    def to_string(self) -> str:
        return (
            f"{_quote(self.source)} -> {_quote(self.destination)}"
            f"{_attribute_list(self.attributes)};"
        )


class DotGraph:
    """A Graphviz graph as DOT text, with the parts of `pydot.Dot` that
    code written for Keras's `model_to_dot` uses.

    `to_string()` gives the DOT source; `create()` and `write()` render it
    with Graphviz's `dot` program (which must be installed for every
    format but `"raw"`/`"dot"` text). A cluster (a nested model drawn
    inside a dashed box) is a `DotGraph` made with `cluster=True` and added
    with `add_subgraph`.

    Args:
        graph_name: Name of the graph (of the cluster, without the
            `cluster_` prefix Graphviz needs, which is added).
        cluster: Whether this graph is a cluster inside another graph.
        **attributes: Graph attributes, e.g. `rankdir="LR"`.

    Example:

    >>> graph = DotGraph(rankdir="LR")
    >>> graph.add_node(DotNode("a", label="A"))
    >>> graph.add_node(DotNode("b", label="B"))
    >>> graph.add_edge(DotEdge("a", "b"))
    >>> print(graph.to_string())
    digraph G {
    rankdir="LR";
    "a" [label="A"];
    "b" [label="B"];
    "a" -> "b";
    }
    """

    def __init__(
        self, graph_name: str = "G", cluster: bool = False, **attributes: Any
    ) -> None:
        self.cluster = cluster
        self.name = f"cluster_{graph_name}" if cluster else str(graph_name)
        self.attributes = dict(attributes)
        self.node_defaults: dict = {}
        self.nodes: list = []
        self.edges: list = []
        self.subgraphs: list = []

    # --- the pydot-like structure API --------------------------------------
    def get_name(self) -> str:
        return self.name

    def set(self, name: str, value: Any) -> None:
        self.attributes[name] = value

    def get(self, name: str) -> Any:
        return self.attributes.get(name)

    def get_attributes(self) -> dict:
        return dict(self.attributes)

    def set_node_defaults(self, **attributes: Any) -> None:
        self.node_defaults.update(attributes)

    def add_node(self, node: DotNode) -> None:
        self.nodes.append(node)

    def add_edge(self, edge: DotEdge) -> None:
        self.edges.append(edge)

    def add_subgraph(self, graph: DotGraph) -> None:
        self.subgraphs.append(graph)

    def get_nodes(self) -> list:
        """The nodes of this graph (not of its clusters)."""
        return list(self.nodes)

    def get_node(self, name: str) -> list:
        return [n for n in self.nodes if n.name == str(name)]

    def get_edges(self) -> list:
        """The edges of this graph (not of its clusters)."""
        return list(self.edges)

    def get_edge(self, source: str, destination: str) -> list:
        return [
            e
            for e in self.edges
            if e.source == str(source) and e.destination == str(destination)
        ]

    def get_subgraphs(self) -> list:
        return list(self.subgraphs)

    get_subgraph_list = get_subgraphs

    # --- text --------------------------------------------------------------
    def to_string(self) -> str:
        """The graph as DOT source text."""
        head = f"subgraph {_quote(self.name)}" if self.cluster else "digraph G"
        lines = [head + " {"]
        lines += [f"{k}={_quote(v)};" for k, v in self.attributes.items()]
        if self.node_defaults:
            lines.append(f"node{_attribute_list(self.node_defaults)};")
        lines += [node.to_string() for node in self.nodes]
        lines += [graph.to_string() for graph in self.subgraphs]
        lines += [edge.to_string() for edge in self.edges]
        lines.append("}")
        return "\n".join(lines)

    __str__ = to_string

    # --- rendering ---------------------------------------------------------
    def create(self, prog: str | None = None, format: str = "ps") -> bytes:
        """Renders the graph with Graphviz and returns the file's bytes.

        Args:
            prog: Graphviz layout program; `"dot"` by default.
            format: Graphviz output format (`"png"`, `"svg"`, `"pdf"`,
                `"jpg"`, `"dot"`, ...). `"raw"` returns the DOT source
                without running Graphviz.

        Returns:
            The rendered file as bytes.

        Raises:
            ImportError: If Graphviz's program is not installed.
            RuntimeError: If Graphviz fails.
        """
        if format == "raw":
            return self.to_string().encode("utf-8")
        if not isinstance(format, str) or not format.replace(":", "").isalnum():
            raise ValueError(
                "`format` must be a Graphviz output format such as 'png', "
                f"'svg' or 'pdf'. Received: format={format!r}"
            )
        program = find_graphviz(prog or "dot")
        result = subprocess.run(  # noqa: S603 - a fixed argument list
            [program, f"-T{format}"],
            input=self.to_string().encode("utf-8"),
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"Graphviz's {prog or 'dot'!r} failed to render format "
                f"{format!r} (exit status {result.returncode}): "
                f"{result.stderr.decode('utf-8', 'replace').strip()}"
            )
        return result.stdout

    def write(
        self, path: Any, prog: str | None = None, format: str = "raw"
    ) -> bool:
        """Writes the graph to `path`, rendered in `format` (atomically).

        Args:
            path: File to write.
            prog: Graphviz layout program; `"dot"` by default.
            format: `"raw"` (DOT source, no Graphviz needed) or a Graphviz
                output format such as `"png"`, `"svg"` or `"pdf"`.

        Returns:
            `True`, as `pydot.Dot.write` does.
        """
        atomic_io.write_bytes(path, self.create(prog=prog, format=format))
        return True

    def write_raw(self, path: Any) -> bool:
        return self.write(path, format="raw")

    def write_dot(self, path: Any, prog: str | None = None) -> bool:
        return self.write(path, prog=prog, format="dot")

    def write_png(self, path: Any, prog: str | None = None) -> bool:
        return self.write(path, prog=prog, format="png")

    def write_svg(self, path: Any, prog: str | None = None) -> bool:
        return self.write(path, prog=prog, format="svg")

    def write_pdf(self, path: Any, prog: str | None = None) -> bool:
        return self.write(path, prog=prog, format="pdf")

    def write_jpg(self, path: Any, prog: str | None = None) -> bool:
        return self.write(path, prog=prog, format="jpg")

    def create_png(self, prog: str | None = None) -> bytes:
        return self.create(prog=prog, format="png")

    def create_svg(self, prog: str | None = None) -> bytes:
        return self.create(prog=prog, format="svg")


def find_graphviz(prog: str = "dot") -> str:
    """The path of a Graphviz program; ImportError with help if missing."""
    path = shutil.which(prog)
    if path is None:
        raise ImportError(
            f"Graphviz's {prog!r} program was not found on the PATH; "
            f"`plot_model` needs it to draw images. {_GRAPHVIZ_HELP}"
        )
    return path


# --- reading kerata's model graph ----------------------------------------
def _model_kind(model: Any) -> str:
    if hasattr(model, "_stack") and hasattr(model, "_functional"):
        return "sequential"
    if hasattr(model, "_operations") and hasattr(model, "_nodes"):
        return "functional"
    return "other"


def _is_graph_model(layer: Any) -> bool:
    return _model_kind(layer) != "other"


def _graph_nodes(model: Any) -> set:
    """Ids of the nodes (layer calls) that belong to `model`'s graph."""
    graph = model._functional if _model_kind(model) == "sequential" else model
    return {id(node) for node in getattr(graph, "_nodes", [])}


def _graph_outputs(model: Any) -> list:
    return list(model.outputs or [])


def _class_name(operation: Any) -> str:
    fn = getattr(operation, "fn", None)  # ops called on symbolic tensors
    if fn is not None and hasattr(fn, "__name__"):
        return fn.__name__
    return type(operation).__name__


def _structure_attribute(value: Any, attribute: str) -> Any:
    if isinstance(value, dict):
        return {k: _structure_attribute(v, attribute) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_structure_attribute(v, attribute) for v in value]
    result = getattr(value, attribute)
    return tuple(result) if attribute == "shape" else result


def _format_structure(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _read(layer: Any, which: str, attribute: str) -> Any:
    try:
        return _structure_attribute(getattr(layer, which), attribute)
    except (AttributeError, ValueError):
        return None


def _activation_name(layer: Any) -> str:
    activation = layer.activation
    for attribute in ("name", "__name__"):
        if isinstance(getattr(activation, attribute, None), str):
            return getattr(activation, attribute)
    return str(activation)


def _cell(text: str, color: str = "white", font_color: str = "") -> str:
    font = f' color="{font_color}"' if font_color else ""
    return (
        f'<td bgcolor="{color}"><font point-size="14"{font}>{text}</font></td>'
    )


def make_layer_label(
    layer: Any,
    show_layer_names: bool,
    show_layer_activations: bool,
    show_dtype: bool,
    show_shapes: bool,
    show_trainable: bool,
) -> str:
    """The HTML-like Graphviz label of one layer's box: a black title row,
    then optional rows for the activation, shapes, dtype and trainability.
    """
    class_name = html.escape(_class_name(layer))
    colspan = max(1, int(show_dtype) + int(show_trainable) + 2 * show_shapes)
    if show_layer_names:
        title = f"<b>{html.escape(layer.name)}</b> ({class_name})"
    else:
        title = f"<b>{class_name}</b>"
    rows = [
        f'<tr><td colspan="{colspan}" bgcolor="black">'
        f'<font point-size="16" color="white">{title}</font></td></tr>'
    ]
    if show_layer_activations and getattr(layer, "activation", None):
        name = html.escape(_activation_name(layer))
        rows.append(
            f'<tr><td bgcolor="white" colspan="{colspan}">'
            f'<font point-size="14">Activation: <b>{name}</b></font></td></tr>'
        )
    cells = []
    if show_shapes:
        if class_name != "InputLayer":
            shape = _format_structure(_read(layer, "input", "shape"))
            cells.append(_cell(f"Input shape: <b>{html.escape(shape)}</b>"))
        shape = _format_structure(_read(layer, "output", "shape"))
        cells.append(_cell(f"Output shape: <b>{html.escape(shape)}</b>"))
    if show_dtype:
        dtype = _format_structure(_read(layer, "output", "dtype"))
        cells.append(_cell(f"Output dtype: <b>{html.escape(dtype)}</b>"))
    if show_trainable and hasattr(layer, "trainable") and layer.weights:
        if layer.trainable:
            cells.append(_cell("<b>Trainable</b>", "forestgreen", "white"))
        else:
            cells.append(_cell("<b>Non-trainable</b>", "firebrick", "white"))
    if cells:
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<<table border="0" cellborder="1" bgcolor="black" cellpadding="10">'
        + "".join(rows)
        + "</table>>"
    )


def _make_node(layer: Any, options: dict) -> DotNode:
    return DotNode(
        str(id(layer)),
        label=make_layer_label(layer, **options),
        fontname="Helvetica",
        border="0",
        margin="0",
    )


def _add_edge(dot: DotGraph, source: Any, destination: Any) -> None:
    source_id, destination_id = str(id(source)), str(id(destination))
    if not dot.get_edge(source_id, destination_id):
        dot.add_edge(DotEdge(source_id, destination_id, penwidth="2"))


def _resolve_source(source: Any, output_index: int) -> Any:
    # A nested model has no output box: follow its output tensor to the
    # innermost layer that made it.
    while _is_graph_model(source):
        source, _, output_index = _graph_outputs(source)[output_index]._history
    return source


def _resolve_destination(destination: Any, input_index: int) -> Any:
    # A nested functional model's input box is its InputLayer; a nested
    # Sequential draws none, so the edge goes to its first layer.
    while _is_graph_model(destination):
        if _model_kind(destination) == "functional":
            inputs = destination.inputs
            destination = inputs[min(input_index, len(inputs) - 1)]
            destination = destination._history[0]
        else:
            destination = destination.layers[0]
    return destination


def _connect(dot: DotGraph, model: Any, layers: list, expand: bool) -> None:
    """Adds one edge per tensor passed between layers of `model`."""
    own_nodes = _graph_nodes(model)
    for layer in layers:
        for node in layer._inbound_nodes:
            if id(node) not in own_nodes:
                continue  # a call of a shared layer in another graph
            for input_index, tensor in enumerate(node.input_tensors):
                if tensor._history is None:
                    continue
                source, _, output_index = tensor._history
                if expand:
                    source = _resolve_source(source, output_index)
                    destination = _resolve_destination(layer, input_index)
                else:
                    destination = layer
                _add_edge(dot, source, destination)


@kerata_export("kerata.utils.model_to_dot")
def model_to_dot(
    model: Any,
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = True,
    rankdir: str = "TB",
    expand_nested: bool = False,
    dpi: int = 200,
    subgraph: bool = False,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
    splines: str = "ortho",
    **kwargs: Any,
) -> DotGraph:
    """Describes a model's layer graph in Graphviz's DOT language.

    Each layer is a box (an HTML-like table label) and each tensor passed
    from one layer to another an edge. A `Sequential` model is drawn as a
    chain; a functional model as its graph, input layers included; a
    subclassed model, whose graph is not known, as a single box. With
    `expand_nested=True` the layers of nested functional and `Sequential`
    models are drawn inside a dashed cluster named after the nested model.
    No Graphviz is needed to build the graph, only to render it.

    Args:
        model: A built kerata model.
        show_shapes: Whether to show each layer's input and output shapes.
        show_dtype: Whether to show each layer's output dtype.
        show_layer_names: Whether to show layer names beside class names.
        rankdir: Direction of the drawing: `"TB"` (top to bottom), `"LR"`
            (left to right), `"BT"` or `"RL"`.
        expand_nested: Whether to draw nested models' layers as clusters.
        dpi: Image resolution in dots per inch.
        subgraph: Whether to return a cluster (used for nested models).
        show_layer_activations: Whether to show the activation of layers
            that have an `activation` attribute.
        show_trainable: Whether to mark layers with weights as trainable
            or not.
        splines: How Graphviz draws edges: `"ortho"` (right angles),
            `"curved"`, `"polyline"`, `"spline"` or `"line"`.

    Returns:
        A `DotGraph`: `to_string()` gives the DOT text; `write(path,
        format="png")` renders it with Graphviz.

    Raises:
        ValueError: If the model is not built, or an argument is invalid.

    Example:

    >>> model = kerata.Sequential([
    ...     kerata.Input((4,)),
    ...     kerata.layers.Dense(3, name="hidden"),
    ...     kerata.layers.Dense(1, name="out"),
    ... ])
    >>> dot = kerata.utils.model_to_dot(model, show_shapes=True)
    >>> len(dot.get_nodes()), len(dot.get_edges())
    (2, 1)
    >>> "Output shape: <b>(None, 3)</b>" in dot.to_string()
    True
    """
    if kwargs.pop("layer_range", None) is not None:
        raise ValueError("Argument `layer_range` is no longer supported.")
    if kwargs:
        raise ValueError(
            f"Unrecognized keyword arguments: {sorted(kwargs)}. See the "
            "docstring of `model_to_dot` for the accepted arguments."
        )
    if not getattr(model, "built", False):
        raise ValueError(
            f"The model {getattr(model, 'name', model)!r} has not been built "
            "yet. Build it first: start it with `kerata.Input(shape)`, call "
            "`model.build(input_shape)`, or call it on a batch of data."
        )
    if rankdir not in _RANKDIRS:
        raise ValueError(
            f"`rankdir` must be one of {_RANKDIRS}. Received: "
            f"rankdir={rankdir!r}"
        )
    if subgraph:
        dot = DotGraph(model.name, cluster=True, style="dashed")
        dot.set("label", model.name)
        dot.set("labeljust", "l")
    else:
        dot = DotGraph(
            rankdir=rankdir, concentrate=True, dpi=dpi, splines=splines
        )
        dot.set_node_defaults(shape="record")
    options = {
        "show_layer_names": show_layer_names,
        "show_layer_activations": show_layer_activations,
        "show_dtype": show_dtype,
        "show_shapes": show_shapes,
        "show_trainable": show_trainable,
    }
    kind = _model_kind(model)
    if kind == "other":
        # A subclassed model's graph is unknown: one box.
        dot.add_node(_make_node(model, options))
        return dot
    layers = model.layers if kind == "sequential" else model.operations
    for layer in layers:
        if expand_nested and _is_graph_model(layer):
            dot.add_subgraph(
                model_to_dot(
                    layer,
                    show_shapes=show_shapes,
                    show_dtype=show_dtype,
                    show_layer_names=show_layer_names,
                    rankdir=rankdir,
                    expand_nested=True,
                    subgraph=True,
                    show_layer_activations=show_layer_activations,
                    show_trainable=show_trainable,
                )
            )
        else:
            dot.add_node(_make_node(layer, options))
    if kind == "sequential" and not expand_nested:
        for source, destination in zip(layers, layers[1:]):
            _add_edge(dot, source, destination)
        return dot
    if kind == "sequential":
        # Its InputLayer is not drawn: the edge into the first layer comes
        # from whatever feeds the Sequential model from outside.
        layers = layers[1:]
    _connect(dot, model, layers, expand_nested)
    return dot


@kerata_export("kerata.utils.plot_model")
def plot_model(
    model: Any,
    to_file: Any = "model.png",
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = False,
    rankdir: str = "TB",
    expand_nested: bool = False,
    dpi: int = 200,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
    splines: str = "ortho",
    **kwargs: Any,
) -> Any:
    """Draws a model's layer graph to an image file with Graphviz.

    The output format comes from the file extension (`.png` when there is
    none): any Graphviz format such as `png`, `svg`, `pdf` or `jpg`, and
    `.dot` writes the laid-out DOT text. Rendering needs Graphviz's `dot`
    program (`apt-get install graphviz`, `brew install graphviz` or `conda
    install graphviz`); no Python package is needed. See `model_to_dot`
    for what is drawn.

    Args:
        model: A built kerata model.
        to_file: Path of the image to write.
        show_shapes: Whether to show each layer's input and output shapes.
        show_dtype: Whether to show each layer's output dtype.
        show_layer_names: Whether to show layer names beside class names.
        rankdir: `"TB"` for a vertical plot, `"LR"` for a horizontal one
            (also `"BT"`, `"RL"`).
        expand_nested: Whether to draw nested models' layers as clusters.
        dpi: Image resolution in dots per inch.
        show_layer_activations: Whether to show layer activations.
        show_trainable: Whether to mark layers as trainable or not.
        splines: How edges are drawn: `"ortho"`, `"curved"`, `"polyline"`,
            `"spline"` or `"line"`.

    Returns:
        An `IPython.display.Image` of the file when IPython is installed
        and the format is a bitmap (png, jpg, gif), so that the plot shows
        inline in notebooks; otherwise `None`.

    Raises:
        ImportError: If Graphviz is not installed.
        ValueError: If the model is not built, or an argument is invalid.

    Example:

    >>> import os, shutil, tempfile
    >>> model = kerata.Sequential([kerata.Input((4,)),
    ...                            kerata.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.svg")
    >>> if shutil.which("dot"):
    ...     _ = kerata.utils.plot_model(model, to_file=path)
    ... else:
    ...     open(path, "w").close()
    >>> os.path.exists(path)
    True
    """
    dot = model_to_dot(
        model,
        show_shapes=show_shapes,
        show_dtype=show_dtype,
        show_layer_names=show_layer_names,
        rankdir=rankdir,
        expand_nested=expand_nested,
        dpi=dpi,
        show_layer_activations=show_layer_activations,
        show_trainable=show_trainable,
        splines=splines,
        **kwargs,
    )
    to_file = os.fspath(to_file)
    extension = os.path.splitext(to_file)[1][1:].lower() or "png"
    find_graphviz("dot")
    dot.write(to_file, format=extension)
    if extension not in ("png", "jpg", "jpeg", "gif"):
        return None
    try:
        from IPython import display
    except ImportError:
        return None
    return display.Image(filename=to_file)
