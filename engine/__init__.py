"""Lanthorn's headless engine: models, knowledge base, conversations. Never imports Qt.

Importing it first switches off every library's telemetry (`engine.privacy`): nothing leaves
the machine unless the person points Lanthorn at the network.
"""

from engine.privacy import keep_private

keep_private()

__version__ = "0.1.0"
