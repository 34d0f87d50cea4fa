"""repwatch: search for yourself, again and again, and hear about what is new."""

import sys

__version__ = "0.1.0"

# httpx's package import also loads its own command-line client (click, rich, pygments): a third
# of its import time, paid before every search. repwatch never runs it; without it httpx falls
# back to a stub ``httpx.main``.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None in sys.modules: "no such module"
