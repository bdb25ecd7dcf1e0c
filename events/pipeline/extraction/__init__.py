"""Rule-based extraction of people, actors, statements, meetings and the negotiation from one report.

Each module is a pure step over plain data; events.pipeline.extract wires them together.
"""
