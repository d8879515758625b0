"""Reading rendered HTML back as a browser would: its elements, attributes and visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attributes: dict[str, str | None]


@dataclass
class Parsed:
    elements: list[Element] = field(default_factory=list)
    text: str = ""

    def tags(self) -> set[str]:
        return {element.tag for element in self.elements}

    def named(self, tag: str) -> list[Element]:
        return [element for element in self.elements if element.tag == tag]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()
        self._texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parsed.elements.append(Element(tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self._texts.append(data)


def parse(html: str) -> Parsed:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.parsed.text = "".join(reader._texts)
    return reader.parsed


def assert_inert(html: str, *, allowed: set[str]) -> Parsed:
    """Only the renderer's own elements, no event handlers, no script-bearing links."""
    parsed = parse(html)
    assert parsed.tags() <= allowed, parsed.tags() - allowed
    for element in parsed.elements:
        assert not any(name.startswith("on") for name in element.attributes), element
        href = element.attributes.get("href") or ""
        assert not href or href.startswith(("https://", "http://", "mailto:")), href
    return parsed
