"""Model access: every call goes through the openai SDK against an OpenAI-compatible endpoint."""
