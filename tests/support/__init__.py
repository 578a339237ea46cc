"""Test helpers shared by several test packages and benchmarks (the OpenAI-compatible stub server)."""
