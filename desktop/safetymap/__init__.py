"""Safety Map: a desktop tool for strengths-based, safety-organised safety mapping."""

__version__ = "0.1.0"
