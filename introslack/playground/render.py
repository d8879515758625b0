"""Block Kit to HTML, for the playground's page: pure functions, every value escaped.

Blocks come from the app, but anything in them may be user text, so nothing is trusted: each
string goes through ``html.escape`` (plain text) or the mrkdwn renderer (which escapes first).
Images are never fetched (the playground makes no outside requests); their alt text is shown.
Interactive elements carry ``data-`` attributes the page's script turns into Slack payloads.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from introslack.playground.mrkdwn import to_html, unescape

JSON = dict[str, Any]
_BUTTON_STYLES = frozenset({"primary", "danger"})
_TEXT_INPUTS = {
    "plain_text_input": "text",
    "email_text_input": "email",
    "url_text_input": "url",
    "number_input": "number",
    "datepicker": "date",
    "timepicker": "time",
}
# element type -> (its key in view.state.values, its initial-value key), where not "value"
_STATE_KEYS = {
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
}
_SELECTS = frozenset({"static_select", "users_select"})
_MULTI_SELECTS = frozenset({"multi_static_select", "multi_users_select"})


@dataclass(frozen=True)
class People:
    """Who the page can name: mentions show ``names``; user pickers offer ``choices``."""

    names: Mapping[str, str] = field(default_factory=dict)
    choices: Sequence[tuple[str, str]] = ()

    def name_of(self, user_id: str) -> str:
        return self.names.get(user_id, "")


@dataclass(frozen=True)
class Form:
    """What a modal's inputs show: the values Slack kept (``state.values``) and inline errors."""

    view_id: str
    values: Mapping[str, Any] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def text_html(obj: object, people: People) -> str:
    """A text object: mrkdwn rendered as Slack shows it, plain_text shown exactly as written."""
    text = _dict(obj)
    if text.get("type") == "mrkdwn":
        return to_html(_str(text.get("text")), people.name_of)
    return escape(_str(text.get("text")))


def plain(obj: object) -> str:
    """The characters a text object shows, without markup (for labels, titles and alt text)."""
    text = _dict(obj)
    raw = _str(text.get("text"))
    return unescape(raw) if text.get("type") == "mrkdwn" else raw


def blocks_html(blocks: object, people: People, form: Form | None = None) -> str:
    """A list of blocks: a message's, a Home tab's or a modal's (``form`` for its inputs)."""
    return "".join(block_html(block, people, form) for block in _list(blocks))


def block_html(block: object, people: People, form: Form | None = None) -> str:
    data = _dict(block)
    kind = _str(data.get("type"))
    renderer = _BLOCKS.get(kind)
    if renderer is None:
        return f'<div class="bk-unsupported">Unsupported block: {escape(kind or "?")}</div>'
    return renderer(data, people, form)


def message_html(message: Mapping[str, Any], people: People) -> str:
    """A message's body: its blocks, or its fallback text when it has none."""
    blocks = _list(message.get("blocks"))
    if blocks:
        return blocks_html(blocks, people)
    text = _str(message.get("text"))
    if message.get("mrkdwn") is False:
        return f'<div class="bk-text">{escape(text)}</div>'
    return f'<div class="bk-text">{to_html(text, people.name_of)}</div>'


def modal_html(view: Mapping[str, Any], people: People, errors: Mapping[str, str]) -> str:
    """A modal as Slack's client draws it: title bar, blocks as a form, Close and Submit."""
    view_id = _str(view.get("id"))
    form = Form(view_id, _dict(_dict(view.get("state")).get("values")), errors)
    close = plain(view.get("close")) or "Cancel"
    submit = plain(view.get("submit"))
    submit_button = (
        f'<button type="submit" class="bk-button bk-primary" form="form-{escape(view_id)}">'
        f"{escape(submit)}</button>"
        if submit
        else ""
    )
    return (
        f'<div class="bk-modal" role="dialog" aria-modal="true" data-view-id="{escape(view_id)}">'
        '<header class="bk-modal-header">'
        f'<h2 class="bk-modal-title">{escape(plain(view.get("title")))}</h2>'
        '<button type="button" class="bk-modal-x" data-close-view aria-label="Close">'
        "&times;</button>"
        "</header>"
        f'<form class="bk-modal-body" id="form-{escape(view_id)}" data-view-id="{escape(view_id)}"'
        " novalidate>"
        f"{blocks_html(view.get('blocks'), people, form)}"
        "</form>"
        '<footer class="bk-modal-footer">'
        f'<button type="button" class="bk-button" data-close-view>{escape(close)}</button>'
        f"{submit_button}"
        "</footer></div>"
    )


# Blocks --------------------------------------------------------------------------------------


def _section(block: JSON, people: People, form: Form | None) -> str:
    parts = []
    if "text" in block:
        parts.append(f'<div class="bk-text">{text_html(block.get("text"), people)}</div>')
    fields = _list(block.get("fields"))
    if fields:
        cells = "".join(
            f'<div class="bk-field">{text_html(field, people)}</div>' for field in fields
        )
        parts.append(f'<div class="bk-fields">{cells}</div>')
    accessory = block.get("accessory")
    side = (
        f'<div class="bk-accessory">{element_html(accessory, people, _block_id(block))}</div>'
        if isinstance(accessory, dict)
        else ""
    )
    return (
        f'<div class="bk-block bk-section"{_block_attr(block)}>'
        f'<div class="bk-section-main">{"".join(parts)}</div>{side}</div>'
    )


def _header(block: JSON, people: People, form: Form | None) -> str:
    return (
        f'<h3 class="bk-block bk-header"{_block_attr(block)}>'
        f"{escape(plain(block.get('text')))}</h3>"
    )


def _context(block: JSON, people: People, form: Form | None) -> str:
    items = []
    for element in _list(block.get("elements")):
        data = _dict(element)
        if data.get("type") == "image":
            items.append(_image_stand_in(data, small=True))
        else:
            items.append(f'<span class="bk-context-text">{text_html(data, people)}</span>')
    return f'<div class="bk-block bk-context"{_block_attr(block)}>{"".join(items)}</div>'


def _divider(block: JSON, people: People, form: Form | None) -> str:
    return f'<hr class="bk-block bk-divider"{_block_attr(block)}>'


def _actions(block: JSON, people: People, form: Form | None) -> str:
    block_id = _block_id(block)
    elements = "".join(
        element_html(element, people, block_id) for element in _list(block.get("elements"))
    )
    return f'<div class="bk-block bk-actions"{_block_attr(block)}>{elements}</div>'


def _image(block: JSON, people: People, form: Form | None) -> str:
    title = block.get("title")
    caption = f"<figcaption>{escape(plain(title))}</figcaption>" if title else ""
    return (
        f'<figure class="bk-block bk-image"{_block_attr(block)}>'
        f"{_image_stand_in(block, small=False)}{caption}</figure>"
    )


def _input(block: JSON, people: People, form: Form | None) -> str:
    block_id = _block_id(block)
    element = _dict(block.get("element"))
    optional = bool(block.get("optional"))
    values = form.values if form is not None else {}
    entry = _dict(_dict(values.get(block_id)).get(_str(element.get("action_id"))))
    field_id = f"in-{form.view_id if form else 'x'}-{block_id}"
    error = (form.errors if form is not None else {}).get(block_id)
    hint = block.get("hint")
    return (
        f'<div class="bk-block bk-input{" bk-has-error" if error else ""}"'
        f'{_block_attr(block)} data-type="{escape(_str(element.get("type")))}"'
        f"{'' if optional else ' data-required'}>"
        f'<label class="bk-label" for="{escape(field_id)}">{escape(plain(block.get("label")))}'
        f"{' <span class=bk-optional>(optional)</span>' if optional else ''}</label>"
        f"{_input_element(element, entry, people, field_id, required=not optional)}"
        f"{f'<div class=bk-hint>{escape(plain(hint))}</div>' if hint else ''}"
        f"{f'<div class=bk-error role=alert>{escape(error)}</div>' if error else ''}"
        "</div>"
    )


_Renderer = Callable[[JSON, People, "Form | None"], str]
_BLOCKS: dict[str, _Renderer] = {
    "section": _section,
    "header": _header,
    "context": _context,
    "divider": _divider,
    "actions": _actions,
    "image": _image,
    "input": _input,
}


# Elements outside inputs: buttons (clickable) and what can be shown of the rest --------------


def element_html(element: object, people: People, block_id: str) -> str:
    data = _dict(element)
    kind = _str(data.get("type"))
    if kind == "button":
        return _button(data, block_id)
    if kind == "image":
        return _image_stand_in(data, small=False)
    if kind in _SELECTS | _MULTI_SELECTS or kind == "overflow":
        label = plain(data.get("placeholder")) or "Choose"
        return f'<select class="bk-select" disabled><option>{escape(label)}</option></select>'
    return f'<span class="bk-unsupported">Unsupported element: {escape(kind or "?")}</span>'


def _button(button: JSON, block_id: str) -> str:
    style = _str(button.get("style"))
    classes = "bk-button" + (f" bk-{style}" if style in _BUTTON_STYLES else "")
    attributes = {
        "data-action-id": _str(button.get("action_id")),
        "data-block-id": block_id,
        "data-value": _str(button.get("value")),
    }
    if "value" not in button:
        del attributes["data-value"]
    url = _str(button.get("url"))
    link = f' data-url="{escape(url)}"' if url.lower().startswith(("http://", "https://")) else ""
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
    confirm = _confirm(_dict(button.get("confirm"))) if button.get("confirm") else ""
    return (
        f'<button type="button" class="{classes}"{attrs}{link}>'
        f"{escape(plain(button.get('text')))}</button>{confirm}"
    )


def _confirm(confirm: JSON) -> str:
    """Slack's are-you-sure dialog, kept inert in a template until the button is clicked."""
    style = _str(confirm.get("style"))
    yes_class = "bk-button" + (f" bk-{style}" if style in _BUTTON_STYLES else " bk-primary")
    return (
        '<template class="bk-confirm"><div class="bk-modal bk-confirm-dialog" role="alertdialog">'
        f'<header class="bk-modal-header"><h2 class="bk-modal-title">'
        f"{escape(plain(confirm.get('title')))}</h2></header>"
        f'<div class="bk-modal-body"><p>{escape(plain(confirm.get("text")))}</p></div>'
        '<footer class="bk-modal-footer">'
        f'<button type="button" class="bk-button" data-deny>'
        f"{escape(plain(confirm.get('deny')) or 'Cancel')}</button>"
        f'<button type="button" class="{yes_class}" data-confirm>'
        f"{escape(plain(confirm.get('confirm')) or 'Yes')}</button>"
        "</footer></div></template>"
    )


def _image_stand_in(image: JSON, *, small: bool) -> str:
    alt = _str(image.get("alt_text")) or "image"
    size = "bk-img-small" if small else "bk-img"
    label = escape(alt)
    return f'<span class="{size}" role="img" aria-label="{label}" title="{label}">🖼</span>'


# Input elements: form fields the page's script reads back as view.state.values ---------------


def _input_element(
    element: JSON, entry: JSON, people: People, field_id: str, *, required: bool
) -> str:
    kind = _str(element.get("type"))
    need = " required" if required else ""
    if kind in _TEXT_INPUTS:
        return _text_field(element, entry, field_id, need)
    if kind in ("users_select", "multi_users_select"):
        return _select(
            kind,
            field_id,
            need,
            placeholder=plain(element.get("placeholder")) or "Pick someone",
            options=[(user_id, label) for user_id, label in people.choices],
            chosen=_chosen_users(element, entry),
        )
    if kind in ("static_select", "multi_static_select"):
        return _static_select(element, entry, field_id, need)
    if kind in ("radio_buttons", "checkboxes"):
        return _choices(element, entry, people, field_id, need)
    return f'<span class="bk-unsupported">Unsupported input: {escape(kind or "?")}</span>'


def _text_field(element: JSON, entry: JSON, field_id: str, need: str) -> str:
    kind = _str(element.get("type"))
    state_key, initial_key = _STATE_KEYS.get(kind, ("value", "initial_value"))
    value = _str(entry.get(state_key) if entry else element.get(initial_key))
    limits = "".join(
        f' {attr}="{int(element[name])}"'
        for name, attr in (("max_length", "maxlength"), ("min_length", "minlength"))
        if isinstance(element.get(name), int)
    )
    placeholder = plain(element.get("placeholder"))
    common = (
        f' id="{escape(field_id)}" class="bk-field-input"{need}{limits}'
        f' placeholder="{escape(placeholder)}"'
    )
    if kind == "plain_text_input" and element.get("multiline"):
        return f"<textarea{common} rows=3>{escape(value)}</textarea>"
    return f'<input type="{_TEXT_INPUTS[kind]}"{common} value="{escape(value)}">'


def _chosen_users(element: JSON, entry: JSON) -> set[str]:
    if entry:
        chosen = entry.get("selected_users") or [entry.get("selected_user")]
    else:
        chosen = element.get("initial_users") or [element.get("initial_user")]
    return {str(user) for user in _list(chosen) if user}


def _static_select(element: JSON, entry: JSON, field_id: str, need: str) -> str:
    kind = _str(element.get("type"))
    if entry:
        picked = entry.get("selected_options") or [entry.get("selected_option")]
    else:
        picked = element.get("initial_options") or [element.get("initial_option")]
    chosen = {_str(_dict(option).get("value")) for option in _list(picked) if option}
    groups = [
        (plain(_dict(group).get("label")), _options(group))
        for group in _list(element.get("option_groups"))
    ]
    return _select(
        kind,
        field_id,
        need,
        placeholder=plain(element.get("placeholder")) or "Select an item",
        options=_options(element),
        chosen=chosen,
        groups=groups,
    )


def _options(holder: object) -> list[tuple[str, str]]:
    return [
        (_str(_dict(option).get("value")), plain(_dict(option).get("text")))
        for option in _list(_dict(holder).get("options"))
    ]


def _select(
    kind: str,
    field_id: str,
    need: str,
    *,
    placeholder: str,
    options: Iterable[tuple[str, str]],
    chosen: set[str],
    groups: Iterable[tuple[str, list[tuple[str, str]]]] = (),
) -> str:
    multiple = kind.startswith("multi_")

    def render(items: Iterable[tuple[str, str]]) -> str:
        return "".join(
            f'<option value="{escape(value)}"{" selected" if value in chosen else ""}>'
            f"{escape(label)}</option>"
            for value, label in items
        )

    first = "" if multiple else f'<option value="">{escape(placeholder)}</option>'
    grouped = "".join(
        f'<optgroup label="{escape(label)}">{render(items)}</optgroup>' for label, items in groups
    )
    return (
        f'<select id="{escape(field_id)}" class="bk-field-input bk-select"{need}'
        f"{' multiple' if multiple else ''}>{first}{render(options)}{grouped}</select>"
    )


def _choices(element: JSON, entry: JSON, people: People, field_id: str, need: str) -> str:
    kind = _str(element.get("type"))
    radio = kind == "radio_buttons"
    if entry:
        picked = [entry.get("selected_option")] if radio else entry.get("selected_options")
    else:
        picked = [element.get("initial_option")] if radio else element.get("initial_options")
    chosen = {_str(_dict(option).get("value")) for option in _list(picked) if option}
    rows = []
    for index, option in enumerate(_list(element.get("options"))):
        data = _dict(option)
        value = _str(data.get("value"))
        description = data.get("description")
        first = f' id="{escape(field_id)}"' if index == 0 else ""
        rows.append(
            f'<label class="bk-choice"><input type="{"radio" if radio else "checkbox"}"'
            f' name="{escape(field_id)}" value="{escape(value)}"'
            f"{first}"
            f"{need if radio else ''}{' checked' if value in chosen else ''}>"
            f'<span class="bk-choice-text">{text_html(data.get("text"), people)}'
            f"{f'<small>{text_html(description, people)}</small>' if description else ''}"
            "</span></label>"
        )
    return f'<div class="bk-choices">{"".join(rows)}</div>'


# Helpers ------------------------------------------------------------------------------------


def _block_id(block: JSON) -> str:
    return _str(block.get("block_id"))


def _block_attr(block: JSON) -> str:
    block_id = _block_id(block)
    return f' data-block-id="{escape(block_id)}"' if block_id else ""


def _dict(value: object) -> JSON:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str:
    return "" if value is None else str(value)
