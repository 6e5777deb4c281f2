"""The Telegram bot (issue 8): forward a suspicious message, get the verdict and what to do.

`saqbol bot` runs it (long polling, or a webhook mounted in the web app). Handlers hold no
detection logic: they call `saqbol.analyze`, the playbooks and the reports storage, and every
sentence they send comes from the knowledge base (kb/data/texts/bot.yaml).
"""
