"""The documents panel: sources with their state and progress, adding and removing them."""
