"""The accounts watch: usernames a person would be given, checked on the sites pupils and parents use.

``candidates`` (which usernames, and why), ``sites`` (the rule table), ``check`` (asking the sites),
``judge`` (own, impersonation or "is it yours?") and ``watch`` (all of it, for one run).
"""
