"""The pure core: introductions, their transitions and their follow-through rules."""
