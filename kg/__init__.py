"""kg: knowledge graphs of diplomatic contacts from Chinese-language news.

Pipeline: ``read_article`` -> ``Extractor.extract`` -> ``consolidate`` -> ``build_dataset`` -> exports.
See README.md for the command line.
"""

__version__ = "0.3.0"
