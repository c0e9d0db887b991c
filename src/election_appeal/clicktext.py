"""click in the interface language: help texts looked up when shown, and click's own words."""

from __future__ import annotations

from typing import Any

import click

from .i18n import N_, Nn_, gettext, ngettext

_ = gettext


class TranslatedCommand(click.Command):
    """A command whose help texts, its own and its --help option's, are looked up in the
    interface language when they are shown.

    `help` is the English message id; `examples` are command lines, shown untranslated under
    "Example:".
    """

    def __init__(self, *args: Any, examples: tuple[str, ...] = (), **kwargs: Any) -> None:
        self.examples = examples
        super().__init__(*args, **kwargs)

    @property
    def help(self) -> str | None:
        if not self._help:
            return self._help
        text = _(self._help)
        if self.examples:
            label = ngettext("Example:", "Examples:", len(self.examples))
            text += "\n\n\b\n" + label + "\n" + "\n".join(f"  {e}" for e in self.examples)
        return text

    @help.setter
    def help(self, value: str | None) -> None:
        self._help = value

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click keeps the option it made the first time, with the words of that moment.
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class TranslatedOption(click.Option):
    """An option whose help text is looked up in the interface language when it is shown."""

    @property
    def help(self) -> str | None:
        return _(self._help) if self._help else self._help

    @help.setter
    def help(self, value: str | None) -> None:
        self._help = value


def install_for_click() -> None:
    """Let click's own words (Usage:, Options:, its option errors) follow the interface language.

    click looks its messages up with the standard gettext functions it imported by name; they
    are pointed at ours, which fall back to click's English for anything not in the catalogue.
    """
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    modules = (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    )
    for module in modules:
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


# The words of click that a user of `appeal` meets, so that the catalogues carry them.
CLICK_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("directory"),
    N_("file"),
    N_("path"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("default: {default}"),
    N_("required"),
    N_("Aborted!"),
    N_("Repeat for confirmation"),
    N_("Error: invalid input"),
    N_("Error: The two entered values do not match."),
)
CLICK_PLURALS = (
    Nn_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    Nn_("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    Nn_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    Nn_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
)
