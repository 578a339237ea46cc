"""Chinese text, below everything else: cleaning (XML-illegal characters, counting characters), numerals and
dates written the Chinese way, the one sentence splitter and heading pattern, token counts, and the named checks
on sentences that both the writers (drafting/) and review (proofreading/) use, each written once."""
