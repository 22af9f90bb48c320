"""Vega-Lite schema checks for the tests: Altair's own schema (the one Altair validates
against), checked by a compiled validator (jsonschema-rs) instead of Altair's pure-Python
jsonschema, which takes about 0.2 s per chart. The two agree on every chart a chapter draws
and on invalid specs (tests/test_charts.py checks both directions).

Vega-Lite's definition names hold characters a URI may not (``MarkPropDef<(Gradient|string|null)>``);
the compiled validator resolves ``$ref`` as a URI, so each reference is percent-encoded (its
fragment decodes back to the same name)."""

from __future__ import annotations

import urllib.parse
from functools import lru_cache
from typing import Any


def _quote_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: urllib.parse.quote(v, safe="#/") if k == "$ref" and isinstance(v, str) else _quote_refs(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_quote_refs(x) for x in node]
    return node


@lru_cache(maxsize=1)
def _validator():
    import jsonschema_rs
    from altair.vegalite.v6.schema.core import load_schema

    return jsonschema_rs.Draft7Validator(_quote_refs(load_schema()))


def schema_error(spec: dict) -> str | None:
    """None when ``spec`` is valid Vega-Lite (Altair's schema), else the first error."""
    validator = _validator()
    if validator.is_valid(spec):
        return None
    error = next(iter(validator.iter_errors(spec)))
    return f"{error.message} at {'/'.join(map(str, error.instance_path))}"


def altair_schema_error(spec: dict) -> str | None:
    """The same check with Altair's own (slow, pure-Python) validator: the reference."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    error = validate_jsonschema(spec, load_schema(), raise_error=False)
    return None if error is None else str(error)
