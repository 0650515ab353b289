"""crosscheck: cross-check the claims news articles make.

The library is the product; the ``crosscheck`` command is a thin shell over it::

    from crosscheck import run
    result = run(["articles/"], sources="sources.csv")
"""

__version__ = "0.1.0"

from .compiled import guard  # noqa: E402  (first: decides whether the compiled hot path may load)

guard()

from .claim import Claim  # noqa: E402
from .errors import CrosscheckError, ExitCode  # noqa: E402
from .ingest import ingest  # noqa: E402
from .models import Article, IngestResult, InputProblem, Sentence  # noqa: E402
from .pipeline import extract_claims, run  # noqa: E402
from .result import Extraction, Run  # noqa: E402
from .rules import Rules, load_rules  # noqa: E402

__all__ = [
    "Article", "Claim", "CrosscheckError", "ExitCode", "Extraction", "IngestResult", "InputProblem", "Rules",
    "Run", "Sentence", "__version__", "extract_claims", "ingest", "load_rules", "run",
]
