"""Shared set-up of the Odoo-free test suite.

Every addon's ``tools`` package is plain Python. The addon's own ``__init__`` imports
its Odoo models, so the suite registers each addon as a bare package (its folder on
``__path__``, its ``__init__`` not executed): ``import dito_expenses.tools.periods``
then loads only the tools, exactly the files Odoo loads, without Odoo.
"""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON_DIRS = [ROOT, ROOT / "addons"]


def addon_paths():
    """Every addon folder of the repository (a folder holding ``__manifest__.py``)."""
    found = []
    for base in ADDON_DIRS:
        found.extend(sorted(p.parent for p in base.glob("*/__manifest__.py")))
    return found


def _register_bare_packages():
    for path in addon_paths():
        name = path.name
        if name in sys.modules:
            continue
        module = types.ModuleType(name)
        module.__path__ = [str(path)]
        module.__file__ = None
        sys.modules[name] = module


_register_bare_packages()


def _hypothesis_profile():
    """No per-example deadline: timings on a shared 2-core machine say nothing about
    the rules (speed is measured by ``make bench``, not by tests)."""
    try:
        from hypothesis import settings
    except ImportError:  # pragma: no cover
        return
    settings.register_profile("benefits", deadline=None)
    settings.load_profile("benefits")


_hypothesis_profile()
