"""An in-memory org tree with its history, numbered exactly as django-treebeard would number it.

Nodes get treebeard paths (steplen 4, alphabet 0-9A-Z, children numbered from 1 in creation order, a moved
node becomes the last child of its new parent) and dated placements the way ``orgs.services`` writes them, so
the bulk writer can insert the rows directly and ``Org.find_problems()`` stays clean.
"""

import datetime as dt
from dataclasses import dataclass, field

from dangbo.orgs.reference import TYPES

CELL_TYPES = frozenset(code for code, _name, _level, _grassroots, is_cell, _group in TYPES if is_cell)
GRASSROOTS_TYPES = frozenset(code for code, _name, _level, grassroots, _cell, _group in TYPES if grassroots)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def step(num: int) -> str:
    """treebeard's ``_int2str`` padded to the step length: 1 -> "0001", 36 -> "0010"."""
    if num <= 0 or num >= 36**STEPLEN:
        raise ValueError(f"bước đường dẫn ngoài khoảng: {num}")
    digits = ""
    while num:
        num, rest = divmod(num, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


@dataclass(eq=False)
class Node:
    id: int
    name: str
    type: str
    kind: str | None
    founded: int  # date ordinal
    parent: "Node | None"
    path: str
    role: str = ""
    code: str | None = None
    place: str = ""
    ended: int | None = None
    successor: "Node | None" = None
    size: int = 0  # target of active members (cells)
    children: list["Node"] = field(default_factory=list)
    placements: list[list] = field(default_factory=list)  # [parent_id, path, name, valid_from, valid_to]
    last_step: int = 0
    meta: dict = field(default_factory=dict)

    @property
    def is_cell(self) -> bool:
        return self.type in CELL_TYPES

    @property
    def is_grassroots(self) -> bool:
        return self.type in GRASSROOTS_TYPES

    @property
    def depth(self) -> int:
        return len(self.path) // STEPLEN

    def active_on(self, day: int) -> bool:
        return self.founded <= day and (self.ended is None or day < self.ended)

    def descendants(self):
        for child in self.children:
            yield child
            yield from child.descendants()


class Tree:
    """Nodes in creation order, plus the restructuring events applied to them."""

    def __init__(self, first_id: int = 1):
        self.nodes: list[Node] = []
        self.roots: list[Node] = []
        self.events: list[dict] = []  # kind, date, sources, results, detail, decision_ref, note
        self._next_id = first_id

    def add(self, parent: Node | None, name: str, type: str, kind: str | None, founded: dt.date | int, *,
            role: str = "", code: str | None = None, place: str = "", size: int = 0, record: bool = True) -> Node:
        day = founded if isinstance(founded, int) else founded.toordinal()
        if parent is not None and day < parent.founded:
            day = parent.founded
        siblings_owner = parent
        if siblings_owner is None:
            self._root_step = getattr(self, "_root_step", 0) + 1
            path = step(self._root_step)
        else:
            siblings_owner.last_step += 1
            path = siblings_owner.path + step(siblings_owner.last_step)
        node = Node(id=self._next_id, name=name, type=type, kind=kind, founded=day, parent=parent, path=path,
                    role=role, code=code, place=place, size=size)
        self._next_id += 1
        node.placements.append([parent.id if parent else None, path, name, day, None])
        if parent is None:
            self.roots.append(node)
        else:
            parent.children.append(node)
        self.nodes.append(node)
        if record:
            self.events.append({"kind": "found", "date": day, "sources": [], "results": [node]})
        return node

    @staticmethod
    def _reopen(node: Node, day: int) -> None:
        """Close the open placement at ``day`` and open one with the node's current parent, path and name;
        a change on the day the placement opened replaces it, as ``orgs.services`` does."""
        last = node.placements[-1]
        if last[3] == day:
            node.placements.pop()
        else:
            last[4] = day
        node.placements.append([node.parent.id if node.parent else None, node.path, node.name, day, None])

    def rename(self, node: Node, name: str, day: int, decision_ref: str = "") -> None:
        old = node.name
        node.name = name
        self._reopen(node, day)
        self.events.append({"kind": "rename", "date": day, "sources": [node], "results": [node],
                            "detail": {"from": old, "to": name}, "decision_ref": decision_ref})

    def move(self, node: Node, new_parent: Node, day: int, decision_ref: str = "", note: str = "") -> None:
        old_parent = node.parent
        old_parent.children.remove(node)
        new_parent.last_step += 1
        new_parent.children.append(node)
        node.parent = new_parent
        self._repath(node, new_parent.path + step(new_parent.last_step))
        for each in [node, *node.descendants()]:
            if each.ended is None:
                self._reopen(each, day)
        self.events.append({"kind": "transfer", "date": day, "sources": [node], "results": [new_parent],
                            "detail": {"from": old_parent.id, "to": new_parent.id}, "decision_ref": decision_ref,
                            "note": note})

    def _repath(self, node: Node, path: str) -> None:
        old = node.path
        node.path = path
        for child in node.children:
            self._repath(child, path + child.path[len(old):])

    def end(self, node: Node, day: int) -> None:
        node.ended = day
        last = node.placements[-1]
        if last[3] == day:
            node.placements.pop()
        else:
            last[4] = day

    def dissolve(self, node: Node, day: int, note: str = "", decision_ref: str = "") -> None:
        self.end(node, day)
        self.events.append({"kind": "dissolve", "date": day, "sources": [node], "results": [], "note": note,
                            "decision_ref": decision_ref})

    def merge(self, sources: list[Node], day: int, name: str, *, role: str, code: str | None = None,
              decision_ref: str = "") -> Node:
        """Hợp nhất: a new org under the first source's parent; the sources end on ``day``. Members are moved by
        the lifecycle generator, which sees ``successor``."""
        first = sources[0]
        new = self.add(first.parent, name, first.type, first.kind, day, role=role, code=code, place=first.place,
                       size=sum(s.size for s in sources), record=True)
        self.events[-1]["decision_ref"] = decision_ref
        new.meta["predecessors"] = list(sources)
        for src in sources:
            src.successor = new
            self.end(src, day)
        self.events.append({"kind": "merge", "date": day, "sources": list(sources), "results": [new],
                            "decision_ref": decision_ref})
        return new

    def cells(self, root: Node | None = None) -> list[Node]:
        nodes = [root, *root.descendants()] if root is not None else self.nodes
        return [n for n in nodes if n.is_cell]
