"""The chat: conversation view, question box, streamed answers with citation chips."""
