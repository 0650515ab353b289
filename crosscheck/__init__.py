"""crosscheck: cross-check the claims news articles make.

The library is the product; the ``crosscheck`` command is a thin shell over it::

    from crosscheck import run
    result = run(["articles/"], sources="sources.csv")
"""

__version__ = "0.1.0"

from .errors import CrosscheckError, ExitCode  # noqa: E402
from .ingest import ingest  # noqa: E402
from .models import Article, IngestResult, InputProblem, Run, Sentence  # noqa: E402
from .pipeline import run  # noqa: E402
from .rules import Rules, load_rules  # noqa: E402

__all__ = [
    "Article", "CrosscheckError", "ExitCode", "IngestResult", "InputProblem", "Rules", "Run",
    "Sentence", "__version__", "ingest", "load_rules", "run",
]
