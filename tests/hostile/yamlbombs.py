"""Hostile YAML texts shared by the tests of every YAML reader (all synthetic)."""

from __future__ import annotations


def alias_bomb(levels: int = 7) -> str:
    """A "billion laughs" document: a few hundred bytes, 9**levels strings once expanded."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        ref = f"*l{level - 1}"
        lines.append(f"l{level}: &l{level} [{', '.join([ref] * 9)}]")
    return "\n".join(lines) + "\n"


def deep_flow(depth: int = 50_000) -> str:
    return 'wave: "2030"\nsections: ' + "[" * depth + "]" * depth + "\n"


def deep_block(depth: int = 50_000) -> str:
    return 'wave: "2030"\nsections:\n' + "- " * depth + "x\n"


PYTHON_TAG = 'wave: !!python/object/apply:os.system ["echo unsicher"]\ntitle: T\n'
