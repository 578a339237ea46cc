"""The document itself: the outline and the template skeletons per kind, the Draft with its sections and versions,
reading a document from .md/.txt/.docx, comparing two texts, explaining provenance, and exporting (export/)."""
