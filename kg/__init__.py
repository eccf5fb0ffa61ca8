"""kg: knowledge graphs of diplomatic contacts from Chinese-language news.

Pipeline: ``readers.read_source`` (seed files, feeds, pages, dumps) -> ``Extractor.extract`` -> ``consolidate`` -> ``build_dataset`` -> exports.
See README.md for the command line.
"""

__version__ = "0.3.0"
