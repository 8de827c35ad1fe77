"""Extraction rules: a folder per language (``en/``, ``zh/``) with the shared pieces beside them.

Importing this package registers every rule (see ``registry.RULES``): a new rule module is one more
line here.
"""

import kg.extract.appointments  # noqa: F401
import kg.extract.en.actions  # noqa: F401
import kg.extract.en.lists  # noqa: F401
import kg.extract.en.mechanisms  # noqa: F401
import kg.extract.en.mentions  # noqa: F401
import kg.extract.en.places  # noqa: F401
import kg.extract.en.products  # noqa: F401
import kg.extract.en.relations  # noqa: F401
import kg.extract.zh.actions  # noqa: F401
import kg.extract.zh.mechanisms  # noqa: F401
import kg.extract.zh.mentions  # noqa: F401
import kg.extract.zh.products  # noqa: F401
import kg.extract.zh.regions  # noqa: F401
import kg.extract.zh.relations  # noqa: F401
