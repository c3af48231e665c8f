#!/usr/bin/env python3
"""The verdict of `make test`: reads what scripts/test.sh produced, prints the summary.

Inputs: Odoo's log of the test run (``--odoo-log``), pytest's JUnit XML (``--junit``), both exit
statuses, the tags and modules of the run, and the addons folder (to count the tests defined).

The run fails (exit status 1) when:

- a test failed or erred, in Odoo's runner or in pytest, or either exited non-zero;
- Odoo logged no final test report ("<f> failed, <e> error(s) of <n> tests when loading
  database '<db>'": the modules did not install), or an ERROR/CRITICAL line (a broken view
  fails the run even when no test does);
- a test was skipped and ``ALLOWED_SKIPS`` below does not name it: Odoo turns a missing Chromium,
  or a lost connection to its devtools, into a skip, so every tour and accessibility audit could
  be skipped and the run still look green;
- a module ran fewer tests than it defines: the test methods of the classes in the files its
  ``tests/__init__.py`` imports, selected by the run's tags as Odoo selects them (a test file
  that ``tests/__init__.py`` forgets to import fails the run too, since Odoo never runs it);
- no test ran at all.

The last line printed is always "N passed, N failed". A failing run never reads "0 failed": what
fails it without being a test (an ERROR line, an exit status, a test that never ran) counts as
failed too.

Only the standard library: runs with any Python 3.11+ (test.sh uses the venv's).
"""

import argparse
import ast
import fnmatch
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

# Skips that do not fail the run: {pattern: reason}. A pattern (fnmatch syntax) is matched against
# "<module>:<Class>.<method>" for Odoo's runner (a skip raised in setUpClass is
# "<module>:<Class>.setUpClass") and "pytest:<classname>.<name>" for pytest, as printed in the
# summary. Give every entry the reason the skip is acceptable. None is needed today.
ALLOWED_SKIPS: dict[str, str] = {}

# Odoo's log format (odoo/netsvc.py): "<date> <time>,<ms> <pid> <LEVEL> <db> <logger>: <message>".
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_HEAD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>[^\s:]+): (?P<msg>.*)$"
)
# Logged by odoo/service/server.py (ThreadedServer.run) from the registry's accumulated result
# (odoo/tests/result.py OdooTestResult.__str__), at_install and post_install together.
_REPORT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database '(.*)'")
# OdooTestResult.startTest / addSkip log through the logger of the test's own Python module,
# odoo.addons.<module>.tests.<file>; a skip raised in setUpClass is logged by odoo.tests.suite
# with the description "setUpClass (odoo.addons.<module>.tests.<file>.<Class>)".
_TEST_LOGGER = re.compile(r"^odoo\.addons\.(?P<module>[^.]+)\.tests(\.|$)")
_STARTING = re.compile(r"^Starting (?P<test>\S+) \.\.\.\s*$")
_SKIPPED = re.compile(r"^skipped (?P<test>.+?) : (?P<reason>.*)$")
_CLASS_LEVEL = re.compile(
    r"^(?P<method>setUpClass|tearDownClass) "
    r"\(odoo\.addons\.(?P<module>[^.]+)\.tests\..*?(?P<cls>\w+)\)$"
)
_SUBTEST = re.compile(r"^Subtest (?P<test>\S+) ")

# Bases that make a class a test case without being defined in the addons folder.
_EXTERNAL_CASE_MODULES = ("odoo.tests", "unittest")


@dataclass
class Skip:
    name: str  # "<module>:<Class>.<method>" or "pytest:<classname>.<name>"
    reason: str
    started: bool = True  # the test itself started (not a setUpClass skip)

    @property
    def allowed_by(self):
        return next((p for p in ALLOWED_SKIPS if fnmatch.fnmatchcase(self.name, p)), None)


@dataclass
class OdooLog:
    report: tuple | None = None  # (failed, errors, run) of the final report, None when absent
    errors: list = field(default_factory=list)  # the ERROR/CRITICAL lines
    skips: list = field(default_factory=list)
    started: dict = field(default_factory=dict)  # module -> {"Class.method", ...}


def parse_odoo_log(lines, db):
    """Read Odoo's log: the final report for ``db``, the ERROR/CRITICAL lines, the skips and the
    tests started per module."""
    log = OdooLog()
    for raw in lines:
        line = _ANSI.sub("", raw).rstrip()
        m = _HEAD.match(line)
        if not m:  # a traceback's or a multi-line message's continuation
            continue
        level, logger, msg = m["level"], m["logger"], m["msg"]
        if level in ("ERROR", "CRITICAL"):
            log.errors.append(line)
        if logger == "odoo.tests.result":
            r = _REPORT.search(msg)
            if r and r[4] == db:
                log.report = (int(r[1]), int(r[2]), int(r[3]))
            continue
        test_logger = _TEST_LOGGER.match(logger)
        started = _STARTING.match(msg) if test_logger else None
        if started and level == "INFO":
            log.started.setdefault(test_logger["module"], set()).add(started["test"])
            continue
        skipped = _SKIPPED.match(msg) if level == "INFO" else None
        if not skipped:
            continue
        test, reason = skipped["test"], skipped["reason"].strip()
        class_level = _CLASS_LEVEL.match(test)
        if class_level:
            name = f"{class_level['module']}:{class_level['cls']}.{class_level['method']}"
            log.skips.append(Skip(name, reason, started=False))
        elif test_logger:
            sub = _SUBTEST.match(test)
            name = f"{test_logger['module']}:{sub['test'] if sub else test}"
            log.skips.append(Skip(name, reason))
    return log


@dataclass
class PytestResult:
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0
    skips: list = field(default_factory=list)


def parse_junit(path):
    """pytest's JUnit XML: the totals and the skipped tests (an unreadable file gives zeros)."""
    result = PytestResult()
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return result
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    for suite in suites:
        result.tests += int(suite.get("tests", 0))
        result.failures += int(suite.get("failures", 0))
        result.errors += int(suite.get("errors", 0))
        result.skipped += int(suite.get("skipped", 0))
        for case in suite.iter("testcase"):
            skipped = case.find("skipped")
            if skipped is not None:
                name = ".".join(p for p in (case.get("classname"), case.get("name")) if p)
                reason = skipped.get("message") or (skipped.text or "").strip()
                result.skips.append(Skip(f"pytest:{name}", reason))
    return result


# --- The tests each module defines ------------------------------------------------------------


class TagSelector:
    """Odoo's test selector (odoo/tests/tag_selector.py) for the tests found statically:
    ``[-][tag][/module][:class][.method]``, comma separated; no tag means 'standard'."""

    _SPEC = re.compile(
        r"^([+-]?)(\*|\w*)(\/[\w\/\.-]+.py)?(?:\/(\w+))?(?::(\w*))?(?:\.(\w*))?(?:\[(.*)\])?$"
    )

    def __init__(self, spec):
        self.include, self.exclude = [], []
        parametric = False
        for part in (p.strip() for p in re.split(r",(?![^\[]*\])", spec)):
            m = self._SPEC.match(part) if part else None
            if not m:
                continue
            sign, tag, file_path, module, klass, method, params = m.groups()
            is_include = sign != "-"
            if not tag and is_include:
                tag = "standard"
            elif not tag or tag == "*":
                tag = None
            spec_filter = (tag, module, klass, method, file_path)
            parametric = parametric or bool(params)
            if is_include:
                self.include.append(spec_filter)
            elif not params:  # a negated parametric spec only passes parameters
                self.exclude.append(spec_filter)
        if (self.exclude or parametric) and not self.include:
            self.include.append(("standard", None, None, None, None))

    def check(self, test):
        def matches(spec_filter):
            tag, module, klass, method, file_path = spec_filter
            if tag and tag not in test.tags | {test.module}:
                return False
            if file_path and not file_path.endswith(test.path):
                return False
            if not file_path and module and module != test.module:
                return False
            if klass and klass != test.cls:
                return False
            return not (method and method != test.method)

        return not any(map(matches, self.exclude)) and any(map(matches, self.include))


@dataclass
class DefinedTest:
    module: str
    path: str  # "/<module>/tests/<file>.py", as Odoo's selector matches a file spec
    cls: str
    method: str
    tags: frozenset

    @property
    def name(self):
        return f"{self.cls}.{self.method}"


@dataclass
class _Class:
    name: str
    pymodule: str  # "odoo.addons.<module>.tests.<file>"
    bases: list  # ("local", pymodule, name) or ("external", dotted path)
    body_tags: set | None
    decorator_tags: list  # [(include, exclude)], in the order they apply (innermost first)
    tests: list
    allow_inherited: bool


def _dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        parent = _dotted(node.value)
        return f"{parent}.{node.attr}" if parent else None
    return None


def _literal_strings(node):
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple | set | frozenset) and all(isinstance(v, str) for v in value):
        return set(value)
    return None


class TestInventory:
    """The test methods that Odoo's loader (odoo/tests/loader.py) finds in our addons, read with
    ``ast``: in each ``test_*`` module imported by ``<module>/tests/__init__.py``, the classes
    defined there (not imported) that derive from a test case, and the methods named ``test*`` in
    their own body (Odoo does not run inherited test methods unless the class sets
    ``allow_inherited_tests_method``); tags as BaseCase.__init_subclass__ and @tagged set them."""

    def __init__(self, addons_dir):
        self.addons_dir = Path(addons_dir)
        self._files = {}  # pymodule -> parsed info, or None when the file is not ours
        self.problems = []

    def _file(self, pymodule):
        if pymodule in self._files:
            return self._files[pymodule]
        self._files[pymodule] = None
        parts = pymodule.split(".")
        if parts[:2] != ["odoo", "addons"] or len(parts) < 3:
            return None
        base = self.addons_dir.joinpath(*parts[2:])
        path = (
            base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
        )
        if not path.is_file():
            return None
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        names, classes = {}, {}
        package = pymodule if path.name == "__init__.py" else pymodule.rpartition(".")[0]
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    source = ".".join(anchor + ([source] if source else []))
                for alias in node.names:
                    names[alias.asname or alias.name] = (source, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    names[alias.asname or alias.name.partition(".")[0]] = (
                        None,
                        alias.asname and alias.name,
                    )
            elif isinstance(node, ast.ClassDef):
                classes[node.name] = self._class(node, pymodule, names, classes)
        self._files[pymodule] = {"path": path, "names": names, "classes": classes}
        return self._files[pymodule]

    def _class(self, node, pymodule, names, classes):
        bases = []
        for base in node.bases:
            dotted = _dotted(base)
            if not dotted:
                continue
            head, _, rest = dotted.partition(".")
            if not rest and head in classes:
                bases.append(("local", pymodule, head))
            elif head in names:
                source, name = names[head]
                if source is None:  # import a.b: the dotted name is the path
                    full = f"{name or head}.{rest}" if rest else (name or head)
                else:
                    full = ".".join(p for p in (source, name, rest) if p)
                module, _, cls = full.rpartition(".")
                bases.append(
                    ("local", module, cls)
                    if module.startswith("odoo.addons.")
                    else ("external", full)
                )
            else:
                bases.append(("external", dotted))
        body_tags, allow_inherited, tests = None, False, []
        for item in node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                if item.name.startswith("test"):
                    tests.append(item.name)
            elif isinstance(item, ast.Assign):
                targets = {t.id for t in item.targets if isinstance(t, ast.Name)}
                if "test_tags" in targets:
                    body_tags = _literal_strings(item.value)
                if "allow_inherited_tests_method" in targets:
                    allow_inherited = bool(
                        isinstance(item.value, ast.Constant) and item.value.value
                    )
        decorator_tags = []
        for deco in reversed(node.decorator_list):  # the innermost applies first
            if (
                isinstance(deco, ast.Call)
                and (_dotted(deco.func) or "").rpartition(".")[2] == "tagged"
            ):
                args = [
                    a.value
                    for a in deco.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                include = {t for t in args if not t.startswith("-")}
                exclude = {t[1:] for t in args if t.startswith("-")}
                decorator_tags.append((include, exclude))
        return _Class(node.name, pymodule, bases, body_tags, decorator_tags, tests, allow_inherited)

    def _lookup(self, pymodule, name):
        info = self._file(pymodule)
        if info is None:
            return None
        if name in info["classes"]:
            return info["classes"][name]
        if name in info["names"]:  # re-exported through an import
            source, original = info["names"][name]
            if source:
                return self._lookup(source, original)
        return None

    def _bases(self, cls):
        for base in cls.bases:
            if base[0] == "local":
                found = self._lookup(base[1], base[2])
                yield found if found else ("external", f"{base[1]}.{base[2]}")
            else:
                yield base

    def _is_test_case(self, cls, seen=()):
        for base in self._bases(cls):
            if isinstance(base, tuple):
                dotted = base[1]
                last = dotted.rpartition(".")[2]
                if last.endswith("Case") and (
                    dotted.startswith(_EXTERNAL_CASE_MODULES) or "." not in dotted
                ):
                    return True
            elif base not in seen and self._is_test_case(base, (*seen, cls)):
                return True
        return False

    def _tags(self, cls, seen=()):
        """The class's test_tags attribute, or None when neither it nor a base sets one."""
        tags = set(cls.body_tags) if cls.body_tags is not None else None
        if tags is None:
            for base in self._bases(cls):
                if not isinstance(base, tuple) and base not in seen:
                    tags = self._tags(base, (*seen, cls))
                    if tags is not None:
                        break
        if tags is None and cls.pymodule.startswith("odoo.addons."):
            tags = {"standard", "at_install"}  # BaseCase.__init_subclass__
        for include, exclude in cls.decorator_tags:
            tags = ((tags or set()) | include) - exclude
        return tags

    def _methods(self, cls, inherited=False, seen=()):
        """The test methods of the class's own body, and its bases' when it sets
        ``allow_inherited_tests_method`` (Odoo then takes every callable member)."""
        methods = list(cls.tests)
        if inherited or cls.allow_inherited:
            for base in self._bases(cls):
                if not isinstance(base, tuple) and base not in seen:
                    more = self._methods(base, True, (*seen, cls))
                    methods += [m for m in more if m not in methods]
        return methods

    def tests(self, module):
        """Every test method Odoo's loader finds in ``module`` (a DefinedTest each)."""
        init = self.addons_dir / module / "tests" / "__init__.py"
        if not init.is_file():
            return []
        package = f"odoo.addons.{module}.tests"
        imported = []
        for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"), str(init))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:  # from .test_x import Y binds the submodule test_x too
                    imported.append(node.module.partition(".")[0])
                else:
                    imported += [alias.name for alias in node.names]
        imported = [name for name in dict.fromkeys(imported) if name.startswith("test_")]
        for path in sorted(init.parent.glob("test_*.py")):
            if path.stem not in imported:
                self.problems.append(
                    f"{path.relative_to(self.addons_dir.parent)} is not imported by "
                    f"{module}/tests/__init__.py: Odoo never runs its tests"
                )
        found = []
        for name in imported:
            info = self._file(f"{package}.{name}")
            if info is None:
                continue
            for cls in info["classes"].values():
                if not self._is_test_case(cls):
                    continue
                tags = frozenset(self._tags(cls) or ())
                for method in self._methods(cls):
                    found.append(
                        DefinedTest(module, f"/{module}/tests/{name}.py", cls.name, method, tags)
                    )
        return found


def installed_modules(addons_dir, modules):
    """``modules`` and the modules of ``addons_dir`` they depend on (Odoo installs those too)."""
    todo, done = list(modules), []
    while todo:
        module = todo.pop(0)
        if module in done:
            continue
        done.append(module)
        manifest = Path(addons_dir) / module / "__manifest__.py"
        if manifest.is_file():
            depends = ast.literal_eval(manifest.read_text(encoding="utf-8")).get("depends", [])
            todo += [d for d in depends if (Path(addons_dir) / d / "__manifest__.py").is_file()]
    return done


def expected_tests(addons_dir, modules, tags):
    """{module: {"Class.method"}} of the tests the run's tags select in each installed module
    (at_install or post_install), and the problems found on the way."""
    inventory = TestInventory(addons_dir)
    selector = TagSelector(tags)
    expected = {}
    for module in installed_modules(addons_dir, modules):
        selected = {
            t.name
            for t in inventory.tests(module)
            if selector.check(t) and t.tags & {"at_install", "post_install"}
        }
        if selected:
            expected[module] = selected
    return expected, inventory.problems


# --- The verdict --------------------------------------------------------------------------------


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    ran: int = 0
    problems: list = field(default_factory=list)
    out: list = field(default_factory=list)


def _odoo_part(args, odoo, expected, tally):
    """The Odoo runner's line, one line per module, and their problems."""
    failures, errors, ran = odoo.report or (0, 0, 0)
    if odoo.report is None:
        tally.problems.append("Odoo logged no final test report (did the modules install?)")
    if failures or errors:
        tally.problems.append(f"Odoo's runner: {failures} failed, {errors} error(s)")
    if args.odoo_status != 0:
        tally.problems.append(f"Odoo exited with status {args.odoo_status}")
    if odoo.errors:
        lines = _plural(len(odoo.errors), "ERROR/CRITICAL line")
        tally.problems.append(f"Odoo logged {lines}, listed above")
    if odoo.report is not None and ran == 0:
        tally.problems.append(f"Odoo's runner ran 0 tests for {args.tags}")
    tally.out.append(
        f"Odoo runner ({args.tags}): {ran} run, {failures} failed, {errors} error(s), "
        f"{len(odoo.skips)} skipped; exit status {args.odoo_status}"
    )
    # The tests that never started (a setUpClass that failed or was skipped, a module that did
    # not install) count as failed.
    not_started = 0
    for module in sorted(set(expected) | set(odoo.started)):
        started, wanted = odoo.started.get(module, set()), expected.get(module, set())
        tally.out.append(f"  {module}: {len(started)} run, {len(wanted)} defined and selected")
        if len(started) < len(wanted):
            not_started += len(wanted) - len(started)
            missing = sorted(wanted - started)
            shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
            tally.problems.append(
                f"{module} ran {len(started)} tests but defines {len(wanted)} selected by "
                f"{args.tags}; not run: {shown}"
            )
    bad = failures + errors + not_started
    if odoo.report is None or args.odoo_status != 0:
        bad = max(bad, 1)
    skipped_started = sum(s.started for s in odoo.skips)
    tally.passed += max(ran - failures - errors - skipped_started, 0)
    tally.failed += bad
    tally.ran += ran


def _pytest_part(args, py, tally):
    """pytest's line and its problems."""
    bad = py.failures + py.errors
    if args.pytest_status == 5:
        tally.problems.append(f"pytest collected no test in {args.pytest_path} (status 5)")
    elif args.pytest_status != 0:
        tally.problems.append(f"pytest exited with status {args.pytest_status}")
    if args.pytest_status != 0:
        bad = max(bad, 1)
    tally.out.append(
        f"pytest ({args.pytest_path}): {py.tests} run, {py.failures} failed, "
        f"{py.errors} error(s), {py.skipped} skipped; exit status {args.pytest_status}"
    )
    tally.passed += max(py.tests - bad - py.skipped, 0)
    tally.failed += bad
    tally.ran += py.tests


def verdict(args):
    """(status, summary lines) for the parsed command line."""
    with open(args.odoo_log, encoding="utf-8", errors="replace") as f:
        odoo = parse_odoo_log(f, args.database)
    py = parse_junit(args.junit) if args.junit else None
    modules = [m for m in args.modules.split(",") if m]
    try:
        expected, inventory_problems = expected_tests(args.addons, modules, args.tags)
    except (OSError, SyntaxError, ValueError) as e:  # the run itself will have said more
        expected, inventory_problems = {}, [f"could not count the tests the modules define: {e}"]

    tally = Tally()
    tally.out += ["", "==================== Chikaya test summary ===================="]
    if odoo.errors:
        tally.out.append(f"ERROR/CRITICAL lines in the Odoo log (full log: {args.odoo_log}):")
        tally.out += [f"  {line}" for line in odoo.errors]
        tally.out.append("")
    skips = odoo.skips + (py.skips if py else [])
    if skips:
        tally.out.append(
            "Skipped tests (a skip fails the run unless ALLOWED_SKIPS in "
            "scripts/odoo_test_report.py allows it):"
        )
        for s in skips:
            note = f" [allowed: {ALLOWED_SKIPS[s.allowed_by]}]" if s.allowed_by else ""
            tally.out.append(f"  {s.name}: {s.reason}{note}")
        tally.out.append("")

    _odoo_part(args, odoo, expected, tally)
    if py is not None:
        _pytest_part(args, py, tally)
    tally.problems += inventory_problems
    refused = [s for s in skips if not s.allowed_by]
    if refused:
        tally.failed += len(refused)
        tally.problems.append(
            f"{_plural(len(refused), 'test')} skipped, listed above (a tour or an accessibility "
            "audit is skipped when Chromium is missing or its devtools connection is lost)"
        )
    if tally.ran == 0:
        tally.problems.append("no test ran at all")
    if tally.failed and not tally.problems:  # (not expected: every failure comes with a problem)
        tally.problems.append(f"{_plural(tally.failed, 'test')} failed")
    if tally.problems and tally.failed == 0:
        tally.failed = 1

    tally.out += [f"FAILED: {p}" for p in tally.problems]
    if not tally.problems:
        tally.out.append("OK")
    elif args.logs_dir:
        tally.out.append(f"Logs kept in {args.logs_dir}")
    tally.out.append(f"{tally.passed} passed, {tally.failed} failed")
    return (1 if tally.problems else 0), tally.out


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    add = parser.add_argument
    add("--odoo-log", required=True, help="Odoo's log of the test run")
    add("--database", required=True, help="the test database (named in Odoo's final report)")
    add("--odoo-status", type=int, required=True, help="odoo-bin's exit status")
    add("--tags", required=True, help="the --test-tags given to Odoo")
    add("--modules", required=True, help="the modules installed (-i), comma separated")
    add("--addons", required=True, help="the folder holding the modules")
    add("--junit", help="pytest's --junitxml file (omit when pytest did not run)")
    add("--pytest-status", type=int, default=0, help="pytest's exit status")
    add("--pytest-path", default="tests/", help="what pytest collected")
    add("--logs-dir", help="named in the summary when the run fails")
    return parser.parse_args(argv)


def main(argv=None):
    status, lines = verdict(parse_args(argv))
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
