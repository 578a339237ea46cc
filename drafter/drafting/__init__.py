"""Writing a draft. engine.py schedules sections, records versions and emits events; the two writers compose.py
(template backbone plus checked model sentences, for small models) and free.py (the model writes the section,
its sentences filtered) each return a section's text with provenance; prompting.py, fewshot.py and samples.py
build what the model is shown; reconcile.py carries edited facts into an existing draft."""
