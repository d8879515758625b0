"""Slack mrkdwn to HTML, as Slack's client shows it: every character of text is escaped first.

Slack escapes `&`, `<` and `>` in text as entities, so a raw `<` only ever opens a control
sequence (`<@U123>`, `<https://…|label>`, `<!here>`); entities are shown as the characters
they stand for, never parsed again. Styles (`*bold*`, `_italic_`, `~strike~`, `` `code` ``,
```` ```pre``` ````, `>` quotes) work within a line, on word boundaries, like Slack's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

# Private-use characters stand in for rendered control sequences while styles are parsed.
_PLACEHOLDER_BASE = 0xE000
_PLACEHOLDER_MAX = 0x1000
_PLACEHOLDERS = re.compile(f"[{chr(_PLACEHOLDER_BASE)}-{chr(_PLACEHOLDER_BASE + 0x18FF)}]")
_CONTROL = re.compile(r"<([^<>\n]*)>")
_ENTITY = re.compile(r"&(lt|gt|amp);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&"}
_STYLES = {"*": "b", "_": "i", "~": "s"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_QUOTE = re.compile(r"^(?:>|&gt;) ?")

# A user id -> the name to show after "@".
NameOf = Callable[[str], str]


def unescape(text: str) -> str:
    """Slack's three entities back to characters, in one pass (`&amp;lt;` stays `&lt;`)."""
    return _ENTITY.sub(lambda match: _ENTITIES[match.group(1)], text)


def to_html(text: str, name_of: NameOf) -> str:
    """Render mrkdwn as safe HTML; newlines stay newlines (shown with `white-space: pre-wrap`)."""
    text = _PLACEHOLDERS.sub("\ufffd", text)
    controls: list[str] = []

    def hold(match: re.Match[str]) -> str:
        if len(controls) >= _PLACEHOLDER_MAX:
            return match.group(0)
        controls.append(_control(match.group(1), name_of))
        return chr(_PLACEHOLDER_BASE + len(controls) - 1)

    held = _CONTROL.sub(hold, text)
    rendered = "".join(_blocks(held))
    return _PLACEHOLDERS.sub(
        lambda match: _restore(match.group(0), controls),
        rendered,
    )


def _restore(placeholder: str, controls: list[str]) -> str:
    index = ord(placeholder) - _PLACEHOLDER_BASE
    return controls[index] if index < len(controls) else "\ufffd"


def _blocks(text: str) -> Iterator[str]:
    """Fenced ``` code first, then quotes and styled lines outside it."""
    pieces = text.split("```")
    if len(pieces) % 2 == 0:  # an unclosed fence is just text
        pieces[-2:] = ["```".join(pieces[-2:])]
    for index, piece in enumerate(pieces):
        if index % 2:
            yield f'<pre class="mrkdwn-pre">{_escape(unescape(piece.strip(chr(10))))}</pre>'
        else:
            yield from _lines(piece)


def _lines(text: str) -> Iterator[str]:
    lines = text.split("\n")
    quote: list[str] = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        if _QUOTE.match(line):
            quote.append(_inline(unescape(_QUOTE.sub("", line, count=1))))
            if last:
                yield _blockquote(quote)
            continue
        if quote:
            yield _blockquote(quote)
            quote = []
        yield _inline(unescape(line)) + ("" if last else "\n")


def _blockquote(lines: list[str]) -> str:
    return '<blockquote class="mrkdwn-quote">' + "\n".join(lines) + "</blockquote>"


def _inline(text: str) -> str:
    """Code spans and styles in one line of literal (already unescaped) text."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "`":
            end = text.find("`", i + 1)
            if end > i + 1:
                out.append(f'<code class="mrkdwn-code">{_escape(text[i + 1 : end])}</code>')
                i = end + 1
                continue
        if char in _STYLES and _opens(text, i):
            closing = _closing(text, i)
            if closing is not None:
                tag = _STYLES[char]
                out.append(f"<{tag}>{_inline(text[i + 1 : closing])}</{tag}>")
                i = closing + 1
                continue
        out.append(_escape(char))
        i += 1
    return "".join(out)


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and before != text[i] and not after.isspace()


def _closing(text: str, i: int) -> int | None:
    mark = text[i]
    end = text.find(mark, i + 2)
    while end != -1:
        after = text[end + 1] if end + 1 < len(text) else " "
        if not text[end - 1].isspace() and not after.isalnum():
            return end
        end = text.find(mark, end + 1)
    return None


def _control(inner: str, name_of: NameOf) -> str:
    """One `<…>` sequence: a mention, a special mention, a link, or (unknown) its own text."""
    target, _, label = inner.partition("|")
    if target.startswith("@") and len(target) > 1:
        user_id = target[1:]
        return _mention("@" + (name_of(user_id) or unescape(label) or user_id))
    if target.startswith("#") and len(target) > 1:
        return _mention("#" + (unescape(label) or target[1:]))
    if target.startswith("!"):
        return _special(target[1:], label)
    url = unescape(target)
    if url.lower().startswith(_LINK_SCHEMES):
        shown = _inline(unescape(label)) if label else _escape(url.removeprefix("mailto:"))
        return (
            f'<a class="mrkdwn-link" href="{_escape(url)}" target="_blank" '
            f'rel="noopener noreferrer">{shown}</a>'
        )
    return _escape(unescape(f"<{inner}>"))


def _special(command: str, label: str) -> str:
    if command in ("here", "channel", "everyone"):
        return _mention("@" + command)
    if command.startswith("subteam^"):
        return _mention(unescape(label) or "@group")
    if command.startswith("date^"):
        return _escape(unescape(label))
    return _escape(unescape(label) or f"<!{command}>")


def _mention(text: str) -> str:
    return f'<span class="mrkdwn-mention">{_escape(text)}</span>'


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
