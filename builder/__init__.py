"""Annotated-archive builder: turns a folder of source documents into a cross-linked archive.

The pipeline lives in :mod:`builder.pipeline`; MkDocs is reached only through
:mod:`builder.bridge` and the command line only through :mod:`builder.cli`.
"""

__version__ = "0.1.0"
