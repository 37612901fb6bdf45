"""Read pages as a person (visible text) and as an attacker would probe them (elements)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "template", "title"}
# Elements that start on a new line: their text never runs into the next element's.
_BLOCKS = {"p", "br", "li", "dt", "dd", "div", "h1", "h2", "h3", "h4", "tr", "td", "th", "ul"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""

    @property
    def content(self) -> str:
        """The element's text as a person reads it: whitespace collapsed."""
        return re.sub(r"\s+", " ", self.text).strip()


@dataclass
class Page:
    elements: list[Element] = field(default_factory=list)
    visible: list[str] = field(default_factory=list)
    title: str = ""

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.visible)).strip()

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def links(self) -> dict[str, str]:
        """Link text -> href."""
        return {e.content: e.attrs.get("href") or "" for e in self.all("a")}

    def form_value(self, name: str) -> str:
        for element in self.all("input"):
            if element.attrs.get("name") == name:
                return element.attrs.get("value") or ""
        raise AssertionError(f"no input named {name!r}")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[Element] = []
        self.hidden = 0

    def _break(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.handle_data(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._break(tag)
        element = Element(tag, dict(attrs))
        self.page.elements.append(element)
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        self.stack.append(element)
        if tag in _HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        self._break(tag)
        while self.stack:
            element = self.stack.pop()
            if element.tag in _HIDDEN:
                self.hidden -= 1
            if element.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data
        if self.stack and self.stack[-1].tag == "title":
            self.page.title += data
        if not self.hidden:
            self.page.visible.append(data)


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page
