"""Rule-based extraction of people, actors, statements, meetings and the negotiation from one report.

document.py builds the one Document a report is read as; each other module holds a stage, a pure
function of the document and earlier stages' results. events.pipeline.extract lists the stages in
order (docs/extraction.md says why that order).
"""
