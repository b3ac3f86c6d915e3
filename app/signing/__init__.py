"""PDF signing and signature validation with pyHanko (no Qt)."""
