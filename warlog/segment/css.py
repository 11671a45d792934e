"""A small CSS-selector subset translated to XPath (no cssselect dependency).

Supported: `tag`, `*`, `.class`, `#id`, `[attr]`, `[attr=v]`, `[attr^=v]`, `[attr*=v]`, `[attr$=v]`,
`[attr~=v]`, descendant (space) and child (`>`) combinators, and comma-separated lists.
"""

from __future__ import annotations

import re
from functools import lru_cache

_COMPOUND = re.compile(r"([a-zA-Z][\w-]*|\*)?((?:[.#][\w-]+|\[[^\]]+\])*)")
_PART = re.compile(r"([.#])([\w-]+)|\[\s*([\w:-]+)\s*(?:([\^*$~]?=)\s*[\"']?([^\"'\]]*)[\"']?\s*)?\]")


class SelectorError(ValueError):
    """A selector outside the supported subset."""


def _literal(value: str) -> str:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    raise SelectorError(f"value with both quote kinds: {value!r}")


def _has_token(attr: str, token: str) -> str:
    return f"contains(concat(' ', normalize-space(@{attr}), ' '), {_literal(' ' + token + ' ')})"


def _compound(text: str) -> str:
    m = _COMPOUND.fullmatch(text)
    if not m or not text:
        raise SelectorError(f"unsupported selector part: {text!r}")
    tag = m.group(1) or "*"
    conds: list[str] = []
    for p in _PART.finditer(m.group(2) or ""):
        if p.group(1) == ".":
            conds.append(_has_token("class", p.group(2)))
        elif p.group(1) == "#":
            conds.append(f"@id={_literal(p.group(2))}")
        else:
            attr, op, val = p.group(3), p.group(4), p.group(5) or ""
            lit = _literal(val)
            if not op:
                conds.append(f"@{attr}")
            elif op == "=":
                conds.append(f"@{attr}={lit}")
            elif op == "^=":
                conds.append(f"starts-with(@{attr}, {lit})")
            elif op == "*=":
                conds.append(f"contains(@{attr}, {lit})")
            elif op == "$=":
                conds.append(f"substring(@{attr}, string-length(@{attr}) - {len(val) - 1})={lit}")
            else:  # ~=
                conds.append(_has_token(attr, val))
    return tag + "".join(f"[{c}]" for c in conds)


@lru_cache(maxsize=512)
def to_xpath(selector: str) -> str:
    """XPath (relative to a context node, descendants only) for a selector of the supported subset."""
    alternatives = []
    for sel in selector.split(","):
        tokens = re.sub(r"\s*>\s*", " > ", sel.strip()).split()
        if not tokens:
            raise SelectorError(f"empty selector in {selector!r}")
        path = ""
        axis = ".//"
        for tok in tokens:
            if tok == ">":
                axis = "/"
                continue
            path += (axis if path else ".//") + _compound(tok)
            axis = "//"
        alternatives.append(path)
    return " | ".join(alternatives)
