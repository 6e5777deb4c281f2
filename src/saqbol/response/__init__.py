"""Victim response (issue 6): playbooks, the incident record and the documents written from it.

`saqbol.response.playbooks.render(situation, bank_id, lang)` is what the CLI, web app and bot call.
"""
