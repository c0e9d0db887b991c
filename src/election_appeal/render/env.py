"""The template environment: sandboxed, strict, autoescaped, with a user folder searched first.

The shipped templates are one structure per document (templates/) and a phrasebook of each
language (templates/<language>/). A user's folder overrides a template by name, for one
language in its <language>/ folder or at its root; `{% extends "default:appeal.html.j2" %}`
reaches the default even when the user's folder has a file of the same name, so one block can
be overridden; a user's phrasebook is laid over the default's, so one phrase can be. A template
with words of its own at the root of the user's folder is Russian and is not used for a
document in another language. A broken template, a missing variable, or an attempt to reach
Python internals raises TemplateError naming the template file and line (docs/templates.md).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..errors import AppealError
from ..i18n import gettext as _
from ..resources import templates_dir
from . import limits as bounds
from .formatting import make_filters
from .limits import TemplateTimeout, limits
from .urls import UrlPolicy

DEFAULT_PREFIX = "default"
# Limits on what one template may produce: a template from a stranger must not exhaust memory.
MAX_OUTPUT_CHARS = 64 * 1024 * 1024
MAX_EXPONENT = 64
# Binary digits of a whole number (or of a fraction's two parts) a template may compute: far
# beyond any figure of an election, small enough to compute at once.
MAX_NUMBER_BITS = 4096
MAX_TEMPLATE_BYTES = 1024 * 1024


class TemplateError(AppealError):
    """A template cannot be loaded or rendered; the message names the file and line."""


def _markdown_filter(urls: UrlPolicy | None) -> Callable[[str | None], Markup]:
    """The applicant's Markdown as the HTML subset; raw HTML in it is shown as text, not run,
    and a picture whose address the URL policy refuses is replaced by its description."""

    def markdown(text: str | None) -> Markup:
        if not text:
            return Markup("")
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark", {"html": False})
        tokens = parser.parse(str(text))
        for token in tokens:
            children = token.children or []
            for index, child in enumerate(children):
                source = str(child.attrGet("src") or "")
                if child.type == "image" and not (urls and urls.allows(source)):
                    if urls is not None:
                        urls.refuse(source, _("case.yaml (a picture in the text)"))
                    children[index] = replace(child, type="text", content=child.content)
        return Markup(parser.renderer.render(tokens, parser.options, {}))

    return markdown


class _FolderLoader(jinja2.BaseLoader):
    """Templates of one folder only: a symbolic link leading out of the folder, anything but a
    regular file, or a file larger than MAX_TEMPLATE_BYTES is refused before it is read."""

    def __init__(self, folder: Path) -> None:
        self.root = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        from jinja2.loaders import split_template_path

        path = self.root.joinpath(*split_template_path(template))
        if not path.exists():
            raise jinja2.TemplateNotFound(template)
        real = path.resolve()
        if not real.is_relative_to(self.root):
            message = _("{file}: leads outside the template folder {folder}")
            raise TemplateError(message.format(file=path, folder=self.root))
        if not real.is_file() or real.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(
                _("{file}: not a regular file of at most {size} bytes").format(
                    file=path, size=f"{MAX_TEMPLATE_BYTES:,}"
                )
            )
        modified = real.stat().st_mtime_ns
        try:
            source = real.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise TemplateError(_("{file}: not UTF-8 text").format(file=path)) from None
        return source, str(path), lambda: real.stat().st_mtime_ns == modified


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with the operators that could build a huge value in one step bounded.

    A power or a product of whole numbers (or fractions) runs in C without giving the other
    threads a turn: the time limit's watchdog cannot stop it, nor can Ctrl-C. So its size is
    estimated from the operands' binary digits before it is computed, and a result above
    MAX_NUMBER_BITS is refused."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(_("a power above {n} is not allowed").format(n=MAX_EXPONENT))
        if _result_bits(operator, left, right) > MAX_NUMBER_BITS:
            raise SecurityError(
                _("a number above {bits} binary digits is not allowed").format(
                    bits=f"{MAX_NUMBER_BITS:,}"
                )
            )
        if operator == "*":
            sized, times = (left, right) if isinstance(right, int) else (right, left)
            repeated = isinstance(sized, str | list | tuple) and isinstance(times, int)
            if repeated and len(sized) * times > MAX_OUTPUT_CHARS:
                raise SecurityError(_("a value this large is not allowed"))
        return super().call_binop(context, operator, left, right)


def _bits(value: Any) -> int | None:
    """The binary digits of an exact number (a fraction: of its numerator and denominator),
    or None for anything else (a float overflows by itself, a Decimal rounds to its context)."""
    if isinstance(value, int):
        return value.bit_length()
    if isinstance(value, Fraction):
        return value.numerator.bit_length() + value.denominator.bit_length()
    return None


def _result_bits(operator: str, left: Any, right: Any) -> int:
    """An upper bound of the binary digits of `left operator right` for exact numbers (0 when
    the operands are not both exact numbers, or the result cannot grow)."""
    a, b = _bits(left), _bits(right)
    if a is None or b is None:
        return 0
    if operator == "*":
        return a + b
    if operator == "**" and isinstance(right, int):
        if a <= 1 and isinstance(left, int):  # 0, 1 and -1 stay as they are
            return 1
        return a * abs(right)
    return 0


def template_folders(root: Path, language: str) -> list[Path]:
    """The folders searched for a language, first to last: root/<language>, then root itself."""
    own = root / language
    return [own, root] if own.is_dir() else [root]


# The language of the root of a user's template folder: a file there written in words is
# Russian, as the user's templates were before the documents had other languages.
ROOT_LANGUAGE = "ru"
PHRASEBOOK = ".phrases.j2"
# A structure's literal text, tags taken out: letters there are words of one language.
_TAG = re.compile(r"<[^>]*>")
_LETTER = re.compile(r"[^\W\d_]")
_WORD_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def phrasebooks() -> set[str]:
    """The names of the files each language has a copy of (templates/<language>/)."""
    return {p.name for p in (templates_dir() / ROOT_LANGUAGE).glob("*.j2")}


class _RootLoader(_FolderLoader):
    """The root of a user's folder for a document in another language than Russian: a
    phrasebook there, or a template whose own text has words, is Russian and is not used (the
    Kazakh document takes the user's kk/ file or the default); a template of structure alone
    (blocks, tags and phrases) serves every language."""

    def __init__(self, folder: Path, environment: jinja2.Environment) -> None:
        super().__init__(folder)
        self.language_bound = phrasebooks()
        self.environment = environment
        self.passed_over: list[str] = []  # the user's files this language does not use

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template in self.language_bound:
            if (self.root / template).is_file():
                self._pass_over(template)
            raise jinja2.TemplateNotFound(template)
        source, filename, uptodate = super().get_source(environment, template)
        if template.endswith(".j2") and _has_words(self.environment, source, filename):
            self._pass_over(template)
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate

    def _pass_over(self, template: str) -> None:
        if template not in self.passed_over:
            self.passed_over.append(template)


def passed_over(environment: jinja2.Environment, language: str) -> list[str]:
    """Warnings naming each template at the root of the user's folder that the documents in
    this language did not use because it is Russian, and where their own version goes."""
    loader = environment.loader
    roots = [
        item
        for item in getattr(loader, "loaders", [])
        if isinstance(item, _RootLoader) and item.passed_over
    ]
    message = _(
        "{file}: written in Russian (it has words of its own and sits at the root of the "
        "template folder), so the documents in {language} do not use it; put their version "
        "in {folder}"
    )
    return [
        message.format(file=root.root / name, language=language, folder=root.root / language)
        for root in roots
        for name in root.passed_over
    ]


def _has_words(environment: jinja2.Environment, source: str, filename: str) -> bool:
    """Whether a template's own text (outside its tags and HTML tags) has a letter, or a
    string in its tags a letter beyond ASCII (ids and keys are Latin; words are not)."""
    with template_errors(filename):
        tokens = list(environment.lex(source, filename=filename))
    text = "".join(value for _line, kind, value in tokens if kind == "data")
    strings = "".join(value for _line, kind, value in tokens if kind == "string")
    return bool(_LETTER.search(_TAG.sub(" ", text))) or bool(_WORD_LETTER.search(strings))


class _PhrasebookLoader(jinja2.BaseLoader):
    """A phrasebook with the user's phrases laid over the default's: the default's text, then
    the user's (root folder, for Russian, then the language's folder), so that a macro or a
    `set` of the same name in the user's file replaces the default's and leaves the others."""

    def __init__(self, default: Path, layers: list[Path]) -> None:
        self.default = _FolderLoader(default)
        self.layers = [_FolderLoader(folder) for folder in layers]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if not template.endswith(PHRASEBOOK) and template != "texts.j2":
            raise jinja2.TemplateNotFound(template)
        found = []
        for layer in self.layers:
            try:
                found.append(layer.get_source(environment, template))
            except jinja2.TemplateNotFound:
                continue
        if not found:
            raise jinja2.TemplateNotFound(template)
        parts = [self.default.get_source(environment, template), *found]
        for _source, filename, _up in found:  # each layer must make sense on its own
            with template_errors(filename):
                environment.parse(_source, filename=filename)
        name = _layered_name([filename for _s, filename, _u in parts])
        LAYERS[name] = [(f, source.rstrip("\n").count("\n") + 1) for source, f, _u in parts]
        text = "\n".join(source.rstrip("\n") for source, _f, _u in parts) + "\n"
        return text, name, lambda: all(up() for _s, _f, up in parts)


# A layered phrasebook's name → its files and their lines, to name the file and line of an error.
LAYERS: dict[str, list[tuple[str, int]]] = {}


def _layered_name(files: list[str]) -> str:
    return " + ".join(files)


def make_environment(
    user_templates: Path | None = None, locale: str = "ru", urls: UrlPolicy | None = None
) -> jinja2.Environment:
    """The sandboxed environment with the loader chain and the formatting filters.

    For a language L the chain is: the user's folder/L, the user's folder (for L other than
    Russian only its templates of structure alone), templates/L, templates; a phrasebook is the
    default's with the user's phrases laid over it. `default:name` reaches templates/L, then
    templates."""
    if user_templates is not None and not user_templates.is_dir():
        raise TemplateError(_("{folder}: no such template folder").format(folder=user_templates))
    defaults: list[jinja2.BaseLoader] = [
        _FolderLoader(f) for f in template_folders(templates_dir(), locale)
    ]
    loaders: list[jinja2.BaseLoader] = [
        jinja2.PrefixLoader({DEFAULT_PREFIX: jinja2.ChoiceLoader(defaults)}, delimiter=":")
    ]
    env = _LimitedSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if user_templates is not None:
        own = user_templates / locale
        root_layer = [user_templates] if locale == ROOT_LANGUAGE else []
        layers = root_layer + ([own] if own.is_dir() and own != user_templates else [])
        loaders.append(_PhrasebookLoader(templates_dir() / locale, layers))
        if own.is_dir():
            loaders.append(_FolderLoader(own))
        root = user_templates
        loaders.append(_FolderLoader(root) if locale == ROOT_LANGUAGE else _RootLoader(root, env))
    loaders += defaults
    env.loader = jinja2.ChoiceLoader(loaders)
    env.filters.update(make_filters(locale))
    env.filters["markdown"] = _markdown_filter(urls)
    env.bytecode_cache = compiled_templates()
    return env


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for the life of the process and in a cache folder across runs:
    compiling the documents' templates costs more CPU than rendering them.

    An entry is found by a hash of everything the compiled code depends on (the template's
    name, file and source, Jinja's and Python's versions, the environment's settings, its
    filters and tests), so an edited template, another version or other settings never meet
    an old entry: the cache cannot serve stale output. Jinja checks the source's checksum
    again on load, and a broken entry is compiled afresh. A folder that cannot be written is
    no error: the templates are compiled as without a cache."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        key = _entry_key(bucket)
        data = self.memory.get(key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / key).read_bytes()
            except OSError:
                return
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # a damaged entry (pickle and marshal raise many kinds): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        key = _entry_key(bucket)
        data = bucket.bytecode_to_string()
        self.memory[key] = data
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Written whole under another name, then renamed: a reader never sees half a file.
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".part-")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self.folder / key)
        except OSError:
            pass


def _entry_key(bucket: jinja2.bccache.Bucket) -> str:
    """The hash that names a compiled template (see CompiledTemplates)."""
    env = bucket.environment
    settings = (
        type(env).__qualname__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        repr(env.autoescape),
        sorted(env.extensions),
        # How a filter or test is called (with the context, the environment...) is compiled in.
        sorted((n, repr(getattr(f, "jinja_pass_arg", None))) for n, f in env.filters.items()),
        sorted((n, repr(getattr(f, "jinja_pass_arg", None))) for n, f in env.tests.items()),
    )
    parts = (jinja2.__version__, sys.version, repr(settings), bucket.key, bucket.checksum)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


_COMPILED: CompiledTemplates | None = None


def compiled_templates() -> CompiledTemplates:
    """The process's one cache of compiled templates, kept in the user's cache folder
    ($XDG_CACHE_HOME or ~/.cache, election-appeal/templates; ELECTION_APPEAL_CACHE=off keeps
    it in memory only)."""
    global _COMPILED
    if _COMPILED is None:
        _COMPILED = CompiledTemplates(cache_folder("templates"))
    return _COMPILED


def cache_folder(name: str) -> Path | None:
    """The tool's cache folder `name` for this user, or None when caching is switched off."""
    setting = os.environ.get("ELECTION_APPEAL_CACHE", "")
    if setting == "off":
        return None
    if setting:
        return Path(setting) / name
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "election-appeal" / name


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template within the limits; any failure becomes a TemplateError with the
    template and line."""
    with template_errors(name), limits():
        chunks, size = [], 0
        for chunk in env.get_template(name).generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateError(
                    _(
                        "{template}: the document grows beyond {n} characters; "
                        "a loop in the template may never end"
                    ).format(template=name, n=f"{MAX_OUTPUT_CHARS:,}")
                )
            chunks.append(chunk)
        return "".join(chunks)


def template_module(env: jinja2.Environment, name: str) -> Any:
    """The variables and macros a template defines (templates/texts.j2), for use outside it."""
    with template_errors(name), limits():
        return env.get_template(name).module


@contextmanager
def template_errors(name: str = "template") -> Iterator[None]:
    """Turn what a broken template raises into a TemplateError naming the file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = _location(exc.filename or exc.name, exc.lineno)
        raise TemplateError(f"{where}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        missing = _('template "{name}" not found').format(name=exc.name)
        where = _failing_line()  # the template that includes, imports or extends it
        if where != _("template"):
            missing = f"{where}: {missing}"
        raise TemplateError(missing) from None
    except SecurityError as exc:
        message = _("{where}: not allowed in a template ({reason})")
        raise TemplateError(message.format(where=_failing_line(), reason=exc)) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{_failing_line()}: {exc.message}") from None
    except RecursionError:
        message = _("{where}: a macro or template calls itself without end")
        raise TemplateError(message.format(where=_failing_line())) from None
    except TemplateTimeout:
        message = _(
            "{where}: rendering {template} took longer than {seconds} s; "
            "a loop in the template may never end"
        )
        where, seconds = _failing_line(), bounds.TIME_LIMIT_SECONDS
        raise TemplateError(message.format(where=where, template=name, seconds=seconds)) from None
    except MemoryError:
        message = _("{where}: rendering {template} needs too much memory")
        raise TemplateError(message.format(where=_failing_line(), template=name)) from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        raise TemplateError(f"{_failing_line()}: {exc}") from None


def _location(filename: str | None, line: int | None) -> str:
    if filename in LAYERS and line:
        filename, line = _in_layer(LAYERS[filename], line)
    shown = filename or _("template")
    return _("{file}, line {line}").format(file=shown, line=line) if line else shown


def _in_layer(layers: list[tuple[str, int]], line: int) -> tuple[str, int]:
    """The file of a layered phrasebook, and the line in it, that a line of the whole is."""
    for filename, lines in layers:
        if line <= lines:
            return filename, line
        line -= lines
    return layers[-1][0], line


def _failing_line() -> str:
    """The template file and line where rendering stopped, from the rewritten traceback."""
    frames = traceback.extract_tb(sys.exc_info()[2])
    for frame in reversed(frames):
        if frame.filename.endswith(".j2") or frame.filename.endswith(".html"):
            return _location(frame.filename, frame.lineno)
    return _("template")
