"""党建文稿助手: draft a Party branch's year-end documents from its facts."""

__version__ = "0.1.0"
